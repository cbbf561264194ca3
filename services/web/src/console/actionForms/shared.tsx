import { useTranslation } from 'react-i18next';
import { useCatalog } from '../../api/client';
import type { Rules } from '../consequences';
import type { ActionResult, AppealDetail } from '../types';
import { Select } from '../ui';

// What the forms of the case actions share: their props, trimming, the agency picker and the profile's offset.

export interface ActionProps {
  appeal: AppealDetail;
  rules: Rules;
  onDone: (r: ActionResult) => void;
}

export const s = (v: string) => v.trim();
export const opt = (v: string) => (v.trim() ? v.trim() : undefined);

function useAgencies() {
  const { catalog } = useCatalog();
  const { i18n } = useTranslation();
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  return (catalog?.agencies ?? []).map((a) => ({ id: a.id, name: a.name[lng] ?? a.name.ru ?? a.id }));
}

/** A choice of the catalog's agencies (except `exclude`), named in the reader's language. */
export function AgencySelect(
  props: { value: string; onChange: (v: string) => void; exclude?: string | undefined } & Record<
    string,
    unknown
  >,
) {
  const { t } = useTranslation('console');
  const agencies = useAgencies();
  const { value, onChange, exclude, ...control } = props;
  return (
    <Select
      {...control}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      empty={t('form.choose')}
      options={agencies.filter((a) => a.id !== exclude).map((a) => [a.id, a.name])}
    />
  );
}

export const offsetOf = (r: Rules) => r.profile.utcOffsetMinutes;
