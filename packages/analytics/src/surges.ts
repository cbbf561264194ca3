import { compareCounts } from './poisson';

/**
 * How a week is judged against the weeks before it. The expected level is the mean of the trailing baseline; the
 * week departs from it when the conditional Poisson test (the week's count against the baseline's total over
 * `baseline` weeks) gives a one-sided p-value under `alpha`, and the departure is large enough to matter.
 */
export interface SurgeOptions {
  /** weeks before the one judged that make its baseline (8) */
  baselineWeeks?: number;
  /** fewer weeks of history than this (the platform is new there): not judged (4) */
  minBaselineWeeks?: number;
  /** the one-sided significance level (0.001: with ~70 category × region cells a week, about one false alert a quarter) */
  alpha?: number;
  /** a rise is reported from this many appeals in the week (5) */
  minCount?: number;
  /** and at least this ratio of the expected level (1.5); a drop at most its inverse */
  minRatio?: number;
  /** a drop is reported only where at least this many were expected (5) */
  minExpectedForDrop?: number;
}

export const SURGE_DEFAULTS = {
  baselineWeeks: 8,
  minBaselineWeeks: 4,
  alpha: 0.001,
  minCount: 5,
  minRatio: 1.5,
  minExpectedForDrop: 5,
} satisfies Required<SurgeOptions>;

/** The method's name and version, carried by the alerts (a change of method gets a new one). */
export const SURGE_METHOD = 'trailing-mean-conditional-poisson-v1';

export interface WeekJudgement {
  direction: 'up' | 'down';
  observed: number;
  /** the baseline's mean per week */
  expected: number;
  /** the one-sided p-value in that direction */
  pValue: number;
}

/**
 * Judges one cell's week: `observed` appeals in it, `baseline` the counts of the weeks before (oldest first, only
 * weeks the platform ran). `complete` false (the week is still running) judges only a rise: its count can only grow,
 * so a rise already significant stays so, while a drop cannot be told before the week ends.
 */
export function judgeWeek(
  observed: number,
  baseline: readonly number[],
  complete: boolean,
  options: SurgeOptions = {},
): WeekJudgement | undefined {
  const o = { ...SURGE_DEFAULTS, ...options };
  const weeks = baseline.slice(-o.baselineWeeks);
  if (weeks.length < o.minBaselineWeeks) return undefined;
  const total = weeks.reduce((a, b) => a + b, 0);
  const expected = total / weeks.length;
  const { pHigher, pLower } = compareCounts(observed, total, weeks.length);
  if (observed >= o.minCount && observed >= o.minRatio * expected && pHigher < o.alpha)
    return { direction: 'up', observed, expected, pValue: pHigher };
  if (complete && expected >= o.minExpectedForDrop && observed * o.minRatio <= expected && pLower < o.alpha)
    return { direction: 'down', observed, expected, pValue: pLower };
  return undefined;
}

/** Weekly counts of one category in one region. */
export interface CellCounts {
  categoryId: string;
  regionKato: string;
  /** appeals per week, by the week's Monday (local date); a week absent had none */
  weeks: ReadonlyMap<string, number>;
}

export interface Surge extends WeekJudgement {
  categoryId: string;
  regionKato: string;
  /** the judged week's Monday */
  week: string;
  /** the baseline's counts, oldest first, by Monday */
  baseline: Array<{ week: string; count: number }>;
}

/**
 * Every cell whose `week` departs from its expected level. `baselineWeeks` are the Mondays before it the platform
 * ran (oldest first); `complete` says whether the week has ended. Sorted by p-value, then category and region.
 */
export function detectSurges(
  cells: Iterable<CellCounts>,
  week: string,
  baselineWeeks: readonly string[],
  complete: boolean,
  options: SurgeOptions = {},
): Surge[] {
  const o = { ...SURGE_DEFAULTS, ...options };
  const mondays = baselineWeeks.slice(-o.baselineWeeks);
  const surges: Surge[] = [];
  for (const cell of cells) {
    const baseline = mondays.map((m) => ({ week: m, count: cell.weeks.get(m) ?? 0 }));
    const judged = judgeWeek(
      cell.weeks.get(week) ?? 0,
      baseline.map((b) => b.count),
      complete,
      o,
    );
    if (judged)
      surges.push({ categoryId: cell.categoryId, regionKato: cell.regionKato, week, baseline, ...judged });
  }
  return surges.sort(
    (a, b) =>
      a.pValue - b.pValue ||
      (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0) ||
      (a.regionKato < b.regionKato ? -1 : 1),
  );
}
