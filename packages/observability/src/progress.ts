/**
 * Progress of long work for a person watching a terminal or a log (verify-log, seed:scale, rebuilds): how much of
 * about how much is done, the rate of this run, and the time left at that rate, as one line at most once per
 * interval. Plain lines rather than a redrawn bar, so they read the same in a terminal, a CI log and a test.
 */

export interface ProgressOptions {
  /** what is running, at the start of each line (`verify-log`) */
  label: string;
  /** what is counted, after the count (`events checked`) */
  unit: string;
  /** what the rate counts per second (`events`) */
  rateUnit?: string;
  /** about how much there is to do; a count past it shows the count as the total */
  total: number;
  /** done before this run (a resumed run): not counted in its rate */
  startDone?: number;
  /** at most one line per this many milliseconds (default 1000; the first report is written at once) */
  everyMs?: number;
  now?: () => number;
  write: (line: string) => void;
}

/** Seconds as a short duration: 42s, 3m05s, 2h07m; ? when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A reporter: call it with the count done so far (and optional detail after the percentage); it writes a line
 * when the interval has passed or when forced (the last report).
 *
 * @example
 * const report = progressReporter({ label: 'seed:scale', unit: 'events', total: 1e7, write: console.error });
 * report(written); … report(written, undefined, true);
 */
export function progressReporter(options: ProgressOptions) {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 1000;
  const startDone = options.startDone ?? 0;
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  return (done: number, detail?: string, force = false): void => {
    const t = now();
    if (!force && t - last < everyMs) return;
    last = t;
    const rate = (done - startDone) / Math.max((t - started) / 1000, 1e-3);
    const of = Math.max(options.total, done);
    const pct = of > 0 ? ` (${((100 * done) / of).toFixed(1)} %)` : '';
    options.write(
      `${options.label}: ${done} of ~${of} ${options.unit}${pct}${detail ? `, ${detail}` : ''}, ` +
        `${Math.round(rate)} ${options.rateUnit ?? options.unit}/s, ETA ${formatDuration((of - done) / rate)}`,
    );
  };
}
