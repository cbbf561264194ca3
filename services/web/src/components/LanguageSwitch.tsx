import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

const NAMES: Record<string, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** Three buttons, the current one pressed; the choice is remembered (localStorage via the detector). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage;
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          aria-pressed={current === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {NAMES[lng]}
        </button>
      ))}
    </div>
  );
}
