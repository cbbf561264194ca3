import { useTranslation } from 'react-i18next';

/** The SLA state as text (never colour alone): on time, due soon, overdue, closed. */
export function SlaBadge({ sla }: { sla: string }) {
  const { t } = useTranslation();
  return <span className={`badge sla-${sla}`}>{t(`sla.${sla}`, { defaultValue: sla })}</span>;
}
