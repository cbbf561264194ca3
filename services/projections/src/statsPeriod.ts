import type { RegisteredRange } from './period';

const DAY_MS = 86_400_000;

/** The levels of statistics buckets: a local day of registration, and the months and years they add up to. */
export type BucketLevel = 'day' | 'month' | 'year';

/** Buckets of one level whose period lies within `[from, to]` (`2026-03-02`, `2026-03` or `2026`; absent: open). */
export interface BucketSpan {
  level: BucketLevel;
  from?: string;
  to?: string;
}

/**
 * How the statistics of a registration period are read: whole local days from buckets (as few as the largest
 * levels allow), the rest (a date-time bound in the middle of a day) from the summaries registered in `edges`.
 */
export interface StatsPlan {
  spans: BucketSpan[];
  edges: RegisteredRange[];
}

const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthOf = (date: string) => date.slice(0, 7);
const shiftMonth = (month: string, by: number) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
};
/** The last date of a month (`2026-02` → `2026-02-28`). */
export const lastDateOf = (month: string): string =>
  new Date(Date.parse(`${shiftMonth(month, 1)}-01T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/** Whole months within `[a, b]` as month buckets, the days left over at either end as day buckets. */
function coverMonths(a: string, b: string): BucketSpan[] {
  const first = a.endsWith('-01') ? monthOf(a) : shiftMonth(monthOf(a), 1);
  const last = b === lastDateOf(monthOf(b)) ? monthOf(b) : shiftMonth(monthOf(b), -1);
  if (first > last) return [{ level: 'day', from: a, to: b }];
  return [
    ...(a.endsWith('-01') ? [] : [{ level: 'day' as const, from: a, to: lastDateOf(monthOf(a)) }]),
    { level: 'month', from: first, to: last },
    ...(b === lastDateOf(monthOf(b)) ? [] : [{ level: 'day' as const, from: `${monthOf(b)}-01`, to: b }]),
  ];
}

/** Whole years within the local dates `[a, b]` (absent: open) as year buckets, what is left over as months and days. */
function coverDays(a: string | undefined, b: string | undefined): BucketSpan[] {
  const first = a === undefined ? undefined : Number(a.slice(0, 4)) + (a.endsWith('-01-01') ? 0 : 1);
  const last = b === undefined ? undefined : Number(b.slice(0, 4)) - (b.endsWith('-12-31') ? 0 : 1);
  if (first !== undefined && last !== undefined && first > last) return coverMonths(a!, b!);
  return [
    ...(a === undefined || a.endsWith('-01-01') ? [] : coverMonths(a, `${first! - 1}-12-31`)),
    {
      level: 'year',
      ...(first === undefined ? {} : { from: String(first) }),
      ...(last === undefined ? {} : { to: String(last) }),
    },
    ...(b === undefined || b.endsWith('-12-31') ? [] : coverMonths(`${last! + 1}-01-01`, b)),
  ];
}

/**
 * Splits a registration period into the buckets that cover its whole local days (days of `offsetMinutes` from UTC,
 * the buckets' own) and the edges a date-time bound leaves: at most one span per level and end, and two edges of
 * less than a day each. The range's bounds are ISO-UTC strings to the millisecond (as `registeredRange` makes them).
 *
 * @example
 * planPeriod({ gte: '2026-01-01T10:00:00.000Z' }, 300)
 * // spans: days 2026-01-02..2026-01-31, months 2026-02..2026-12, years 2027..; edges: [10:00Z, 19:00Z) of 1 Jan
 */
export function planPeriod(range: RegisteredRange | undefined, offsetMinutes: number): StatsPlan {
  const offsetMs = offsetMinutes * 60_000;
  const lo = range?.gte === undefined ? undefined : Date.parse(range.gte);
  const hi =
    range?.lt !== undefined
      ? Date.parse(range.lt)
      : range?.lte !== undefined
        ? Date.parse(range.lte) + 1
        : undefined;
  // local day numbers: day d runs from d × 24 h − offset (inclusive) to (d + 1) × 24 h − offset (exclusive)
  const firstDay = lo === undefined ? undefined : Math.ceil((lo + offsetMs) / DAY_MS);
  const lastDay = hi === undefined ? undefined : Math.floor((hi + offsetMs) / DAY_MS) - 1;
  if (firstDay !== undefined && lastDay !== undefined && firstDay > lastDay)
    return { spans: [], edges: [range!] };
  const startOf = (day: number) => new Date(day * DAY_MS - offsetMs).toISOString();
  const edges: RegisteredRange[] = [];
  if (lo !== undefined && startOf(firstDay!) > range!.gte!)
    edges.push({ gte: range!.gte!, lt: startOf(firstDay!) });
  if (hi !== undefined && Date.parse(startOf(lastDay! + 1)) < hi)
    edges.push({
      gte: startOf(lastDay! + 1),
      ...(range!.lt !== undefined ? { lt: range!.lt } : { lte: range!.lte! }),
    });
  const spans = coverDays(
    firstDay === undefined ? undefined : dateOfDay(firstDay),
    lastDay === undefined ? undefined : dateOfDay(lastDay),
  );
  return { spans, edges };
}
