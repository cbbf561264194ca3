import { useTranslation } from 'react-i18next';
import { useApiGet } from '../api/client';
import { localized } from '../api/catalog';
import type { AgencyStats } from '../api/types';
import { formatInstant } from '../components/deadline';
import { DataTable } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { localeOf } from '../i18n';

/** Public per-agency statistics (GET /stats/agencies, no sign-in): one row per agency. */
export function Stats() {
  const { t, i18n } = useTranslation('public');
  const lang = i18n.resolvedLanguage;
  const locale = localeOf(lang);
  useDocumentTitle(t('stats.title'));
  const { data, problem } = useApiGet<{ generatedAt: string; items: AgencyStats[] }>('/stats/agencies');
  // Browsers lack Kazakh number data ("1,234.5"); Kazakh writes numbers as Russian does ("1 234,5").
  const numberLocale = lang === 'kk' ? 'ru-RU' : locale;
  const num = (n: number | null, digits = 0) =>
    n === null
      ? t('stats.none')
      : n.toLocaleString(numberLocale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">{t('stats.title')}</h1>
      <p className="lead">{t('stats.lead')}</p>
      <ProblemAlert problem={problem} />
      {!data && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {data && data.items.length === 0 ? <p>{t('stats.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <DataTable
          className="stats"
          captionId="stats-caption"
          rows={data.items}
          rowKey={(row) => row.agencyId}
          caption={t('stats.caption', { when: formatInstant(data.generatedAt, locale) })}
          columns={[
            {
              header: t('stats.agency'),
              rowHeader: true,
              cell: (row) => localized(row.name, lang, row.agencyId),
            },
            { header: t('stats.received'), cell: (row) => num(row.received) },
            { header: t('stats.answered'), cell: (row) => num(row.answered) },
            {
              header: t('stats.onTimePct'),
              cell: (row) =>
                row.answeredOnTimePct === null ? t('stats.none') : `${num(row.answeredOnTimePct)} %`,
            },
            { header: t('stats.avgDays'), cell: (row) => num(row.avgAnswerDays, 1) },
            { header: t('stats.overdueNow'), cell: (row) => num(row.overdueNow) },
            {
              header: t('stats.avgRating'),
              cell: (row) =>
                row.avgRating === null
                  ? t('stats.none')
                  : t('stats.rating', { value: num(row.avgRating, 1), count: row.ratings }),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
