import { useEffect, useRef } from 'react';

/** One series of a {@link BarChart}: its name in the legend, a value per label, its colour. */
export interface BarSeries {
  label: string;
  values: number[];
  color: string;
}

/**
 * A bar chart drawn by Chart.js on a canvas, which is loaded only when a chart is shown (its own chunk). The canvas
 * is an image named by `summary` for screen readers; the figures themselves are in the table the page shows with
 * it (the text alternative), so the chart adds nothing a reader without it misses.
 */
export function BarChart(props: {
  labels: string[];
  series: BarSeries[];
  /** what the chart shows, in words: the canvas's accessible name */
  summary: string;
  /** the visible caption */
  caption: string;
  /** the locale its numbers are written in */
  locale: string;
  /** a percentage axis (0–100) */
  percent?: boolean;
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { labels, series, locale, percent, horizontal } = props;
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js').then(
      ({ Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
        const valueAxis = { beginAtZero: true, ...(percent ? { max: 100 } : {}), ticks: { precision: 0 } };
        chart = new Chart(canvas.current, {
          type: 'bar',
          data: {
            labels,
            datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })),
          },
          options: {
            locale,
            indexAxis: horizontal ? 'y' : 'x',
            maintainAspectRatio: false,
            animation: false,
            scales: horizontal ? { x: valueAxis } : { y: valueAxis },
            plugins: { legend: { position: 'bottom' } },
          },
        });
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [labels, series, locale, percent, horizontal]);
  const height = horizontal ? Math.max(160, 48 + labels.length * (16 + 10 * series.length)) : 320;
  return (
    <figure className="chart">
      <div className="chart-canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={props.summary} />
      </div>
      <figcaption>{props.caption}</figcaption>
    </figure>
  );
}
