import { lazy, Suspense } from 'react';

/** One series of a {@link BarChart}: its name in the legend, a value per label, its colour. */
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
