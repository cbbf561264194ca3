import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl, useApiGet } from '../api/client';
import { localized } from '../api/catalog';
import type { AgencyStats } from '../api/types';
import { BarChart } from '../components/BarChart';
import { formatInstant } from '../components/deadline';
import { DataTable } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { localeOf } from '../i18n';

/** The chart colours: dark enough on white to tell apart (and the table below says the same in figures). */
const COLORS = { received: '#00507a', answered: '#1d6b2f', overdue: '#a4161a', onTime: '#7a4b00' };

/** The per-agency figures as two charts: appeals received, answered and overdue; and the share answered on time. */
function StatsCharts({ items, lang }: { items: AgencyStats[]; lang: string | undefined }) {
  const { t } = useTranslation('public');
  // as the table: browsers lack Kazakh number data, and Kazakh writes numbers as Russian does
  const locale = lang === 'kk' ? 'ru-RU' : localeOf(lang);
  const labels = useMemo(() => items.map((row) => localized(row.name, lang, row.agencyId)), [items, lang]);
  const counts = useMemo(
    () => [
      { label: t('stats.received'), values: items.map((r) => r.received), color: COLORS.received },
      { label: t('stats.answered'), values: items.map((r) => r.answered), color: COLORS.answered },
      { label: t('stats.overdueNow'), values: items.map((r) => r.overdueNow), color: COLORS.overdue },
    ],
    [items, t],
  );
  const onTime = useMemo(
    () => [
      {
        label: t('stats.onTimePct'),
        values: items.map((r) => r.answeredOnTimePct ?? 0),
        color: COLORS.onTime,
      },
    ],
    [items, t],
  );
  return (
    <div className="charts">
      <BarChart
        labels={labels}
        series={counts}
        locale={locale}
        horizontal
        caption={t('stats.chart.counts')}
        summary={t('stats.chart.countsSummary')}
      />
      <BarChart
        labels={labels}
        series={onTime}
        locale={locale}
        horizontal
        percent
        caption={t('stats.chart.onTime')}
        summary={t('stats.chart.onTimeSummary')}
      />
    </div>
  );
}

/** Public per-agency statistics (GET /stats/agencies, no sign-in): charts, then one table row per agency. */
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
      {data && data.items.length > 0 ? <StatsCharts items={data.items} lang={lang} /> : null}
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
      <h2>{t('stats.openData.title')}</h2>
      <p>{t('stats.openData.text')}</p>
      <ul className="open-data-links">
        <li>
          <a href={apiUrl('/open-data/monthly.csv', { lang })}>{t('stats.openData.csv')}</a>
        </li>
        <li>
          <a href={apiUrl('/open-data/monthly.json', { lang })}>{t('stats.openData.json')}</a>
        </li>
        <li>
          <a href={apiUrl('/open-data/monthly.schema.json')}>{t('stats.openData.schema')}</a>
        </li>
      </ul>
    </section>
  );
}
