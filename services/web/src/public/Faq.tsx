import { useTranslation } from 'react-i18next';
import { useApiGet } from '../api/client';
import { localized } from '../api/catalog';
import type { Localized } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';

type InLanguages = Partial<Localized>;

/** The public FAQ as GET /faq answers it: per category, the entries most frequent first. */
interface FaqAnswer {
  generatedAt: string;
  categories: Array<{
    categoryId: string;
    name: Localized;
    total: number;
    entries: Array<{ entryId: string; question: InLanguages; answer: InLanguages; appealCount: number }>;
  }>;
}

/**
 * The public FAQ (docs/faq.md, no sign-in): each category's most frequent questions in the reader's language, with
 * the answers the press published and how many appeals each answers (the order the server computed).
 */
export function Faq() {
  const { t, i18n } = useTranslation('public');
  const lang = (i18n.resolvedLanguage ?? 'ru') as keyof Localized;
  useDocumentTitle(t('faq.title'));
  const { data, problem } = useApiGet<FaqAnswer>(`/faq?lang=${lang}&limit=10`);
  return (
    <section aria-labelledby="faq-title">
      <h1 id="faq-title">{t('faq.title')}</h1>
      <p className="lead">{t('faq.lead')}</p>
      <ProblemAlert problem={problem} />
      {!data && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {data && data.categories.length === 0 ? <p>{t('faq.empty')}</p> : null}
      {data?.categories.map((category) => (
        <section
          key={category.categoryId}
          className="faq-category"
          aria-labelledby={`faq-${category.categoryId}`}
        >
          <h2 id={`faq-${category.categoryId}`}>{localized(category.name, lang, category.categoryId)}</h2>
          {category.total > category.entries.length ? (
            <p>{t('faq.more', { shown: category.entries.length, total: category.total })}</p>
          ) : null}
          {category.entries.map((entry) => (
            <details key={entry.entryId} className="faq-entry" id={entry.entryId}>
              <summary>{entry.question[lang]}</summary>
              <p>{entry.answer[lang]}</p>
              <p className="asked">{t('faq.asked', { count: entry.appealCount })}</p>
            </details>
          ))}
        </section>
      ))}
    </section>
  );
}
