import { lazy, Suspense } from 'react';
import type { BarChartProps } from './RechartsBars';

export type { BarChartProps, BarSeries } from './RechartsBars';

// Recharts is loaded only when a chart is shown (its own chunk): citizens' first load does not carry it.
const Bars = lazy(() => import('./RechartsBars').then((m) => ({ default: m.RechartsBars })));

/**
 * A bar chart (Recharts, SVG), the one chart of the app. It is an image named by `summary` for screen readers; the
 * figures themselves are in the table the page shows with it (the text alternative), so the chart adds nothing a
 * reader without it misses.
 */
export function BarChart(props: BarChartProps) {
  const { labels, series, horizontal } = props;
  // a row holds its bars and a label wrapped on two lines
  const height = horizontal ? Math.max(160, 56 + labels.length * Math.max(36, 16 + 10 * series.length)) : 320;
  return (
    <figure className="chart">
      <div className="chart-canvas" style={{ height }} role="img" aria-label={props.summary}>
        <Suspense fallback={null}>
          <Bars {...props} height={height} />
        </Suspense>
      </div>
      <figcaption>{props.caption}</figcaption>
    </figure>
  );
}
