import { useTranslation } from 'react-i18next';
import { BarChart } from '../components/BarChart';
import { localeOf } from '../i18n';
import type { Topic } from './types';

/**
 * The ten largest topics of the period against the one before, as grouped bars. A picture for sighted readers; the
 * table beside it carries the same numbers for everyone (the chart's name points there).
 */
export function TopicsChart({
  topics,
  label,
  previous,
}: {
  topics: Topic[];
  label: string;
  previous: string;
}) {
  const { t, i18n } = useTranslation('press');
  const top = topics.slice(0, 10);
  return (
    <BarChart
      labels={top.map((topic) => topic.terms.slice(0, 2).join(', '))}
      series={[
        { label, values: top.map((topic) => topic.count), color: '#1d4ed8' },
        { label: previous, values: top.map((topic) => topic.previousCount), color: '#6b7280' },
      ]}
      locale={localeOf(i18n.language)}
      caption={t('topics.chart', { period: label, previous })}
      summary={t('topics.chartAlt')}
    />
  );
}
