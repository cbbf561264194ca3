import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Topic } from './types';

/**
 * The topics of the period against the one before, as grouped bars (Recharts: SVG, so its text is in the page). A
 * picture for sighted readers; the table beside it carries the same numbers for everyone (the figure's
 * description points there).
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
  const { t } = useTranslation('press');
  const data = topics.slice(0, 10).map((topic) => ({
    name: topic.terms.slice(0, 2).join(', '),
    [label]: topic.count,
    [previous]: topic.previousCount,
  }));
  return (
    <figure className="chart" aria-labelledby="topics-chart-caption">
      <figcaption id="topics-chart-caption">{t('topics.chart', { period: label, previous })}</figcaption>
      <div role="img" aria-label={t('topics.chartAlt')}>
        <ResponsiveContainer width="100%" height={320}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 48, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="name"
              interval={0}
              angle={-20}
              textAnchor="end"
              height={70}
              tick={{ fill: '#1f2933' }}
            />
            <YAxis allowDecimals={false} tick={{ fill: '#1f2933' }} />
            <Tooltip />
            <Legend verticalAlign="top" />
            <Bar dataKey={label} fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey={previous} fill="#9ca3af" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
