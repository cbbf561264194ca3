// Calendar periods in local time (a fixed offset from UTC; Kazakhstan: UTC+05:00): ISO weeks (Monday to Sunday)
// and months, as local dates and as the UTC instants they run between.

const DAY_MS = 86_400_000;

export type PeriodKind = 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** `2026-W10` (ISO week) or `2026-03` */
  label: string;
  /** its first and last local dates */
  start: string;
  end: string;
  days: number;
  /** the UTC instants it runs from (inclusive) and to (exclusive), ISO */
  from: string;
  to: string;
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The local date of an instant at `offsetMinutes` from UTC. */
export const localDateOf = (instant: Date | string, offsetMinutes: number): string =>
  dateOf(new Date(instant).getTime() + offsetMinutes * 60_000);

/** The Monday of the ISO week of a date. */
export function mondayOf(date: string): string {
  const ms = dayMs(date);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dateOf(ms - weekday * DAY_MS);
}

/** The ISO week label of a date (`2026-W10`): the week belongs to the year of its Thursday. */
export function isoWeekLabel(date: string): string {
  const thursday = dayMs(mondayOf(date)) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week or month holding a local date. */
export function periodOf(kind: PeriodKind, date: string, offsetMinutes: number): Period {
  let start: string;
  let next: string;
  if (kind === 'week') {
    start = mondayOf(date);
    next = dateOf(dayMs(start) + 7 * DAY_MS);
  } else {
    start = `${date.slice(0, 7)}-01`;
    const d = new Date(dayMs(start));
    d.setUTCMonth(d.getUTCMonth() + 1);
    next = dateOf(d.getTime());
  }
  const offsetMs = offsetMinutes * 60_000;
  return {
    kind,
    label: kind === 'week' ? isoWeekLabel(start) : start.slice(0, 7),
    start,
    end: dateOf(dayMs(next) - DAY_MS),
    days: Math.round((dayMs(next) - dayMs(start)) / DAY_MS),
    from: new Date(dayMs(start) - offsetMs).toISOString(),
    to: new Date(dayMs(next) - offsetMs).toISOString(),
  };
}

/** The period of the same kind just before, or `n` before. */
export const periodBefore = (p: Period, offsetMinutes: number, n = 1): Period => {
  let q = p;
  for (let i = 0; i < n; i++) q = periodOf(q.kind, dateOf(dayMs(q.start) - DAY_MS), offsetMinutes);
  return q;
};
