import { useTranslation } from 'react-i18next';
import type { AppealEvent } from '../api/types';
import { localeOf } from '../i18n';
import { formatDay, formatInstant } from './deadline';
import { eventDetails } from './timeline';

/**
 * Every event of a case in order: what happened, when, who (and in which role), which service wrote it,
 * and the facts that matter (agency, reason, new deadline...).
 */
export function Timeline({
  events,
  agencyName = (id) => id,
  showService = true,
}: {
  events: AppealEvent[];
  agencyName?: (id: string) => string;
  showService?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  return (
    <ol className="timeline">
      {events.map((e, i) => (
        <li key={`${e.type}-${e.at}-${i}`} className={`event event-${e.type}`}>
          <p className="event-title">
            <strong>{t(`timeline.type.${e.type}`, { defaultValue: e.type })}</strong>{' '}
            <time dateTime={e.at}>{formatInstant(e.at, locale)}</time>
          </p>
          <p className="event-meta">
            {e.by ? t('timeline.by', { who: e.by, role: t(`roles.${e.role ?? 'system'}`, { defaultValue: e.role ?? '' }) }) : null}
            {showService && e.service ? <> · {t('timeline.service', { service: e.service })}</> : null}
          </p>
          {eventDetails(e, agencyName).map((d) => (
            <p key={d.key} className="event-detail">
              {t(`timeline.detail.${d.key}`, d.values.date ? { ...d.values, date: formatDay(d.values.date, locale, false) } : d.values)}
            </p>
          ))}
        </li>
      ))}
    </ol>
  );
}
