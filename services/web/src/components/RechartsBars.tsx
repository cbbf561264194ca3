import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One series of a bar chart: its name in the legend, a value per label, its colour. */
export interface BarSeries {
  label: string;
  values: number[];
  color: string;
}

export interface BarChartProps {
  labels: string[];
  series: BarSeries[];
  /** what the chart shows, in words: the picture's accessible name */
  summary: string;
  /** the visible caption */
  caption: string;
  /** the locale its numbers are written in */
  locale: string;
  /** a percentage axis (0–100) */
  percent?: boolean;
  horizontal?: boolean;
}

const INK = '#1f2933';

/** The drawing of a {@link BarChartProps} chart: grouped bars, one per series, along labels (rows when horizontal). */
export function RechartsBars({
  labels,
  series,
  locale,
  percent,
  horizontal,
  height,
}: BarChartProps & { height: number }) {
  const data = labels.map((name, i) => ({
    name,
    ...Object.fromEntries(series.map((s) => [s.label, s.values[i] ?? 0])),
  }));
  const format = new Intl.NumberFormat(locale);
  const tick = (value: number) => `${format.format(value)}${percent ? ' %' : ''}`;
  const valueAxis = {
    type: 'number' as const,
    allowDecimals: false,
    tick: { fill: INK },
    tickFormatter: tick,
    ...(percent ? { domain: [0, 100] } : {}),
  };
  const labelAxis = { type: 'category' as const, dataKey: 'name', interval: 0, tick: { fill: INK } };
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={data}
        layout={horizontal ? 'vertical' : 'horizontal'}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        {horizontal ? (
          <XAxis {...valueAxis} />
        ) : (
          <XAxis {...labelAxis} angle={-20} textAnchor="end" height={70} />
        )}
        {horizontal ? <YAxis {...labelAxis} width={160} /> : <YAxis {...valueAxis} />}
        <Tooltip formatter={(value) => tick(Number(value))} />
        <Legend verticalAlign="bottom" />
        {series.map((s) => (
          <Bar key={s.label} dataKey={s.label} fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
