import type { AppealDeadline } from '../api/types';

const DAY = 86_400_000;

export interface DeadlineFacts {
  /** the last day, as a date at UTC midnight (format it with timeZone 'UTC') */
  dueDate: Date;
  /** whole calendar days from today (in the deadline's own time zone) to the last day; negative when past */
  daysLeft: number;
  state: 'future' | 'today' | 'past';
}

function utcDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/**
 * Where a deadline stands today. `dueAt` is the last instant of `dueOn` in the agency's time zone,
 * so their difference gives that zone's offset, and "today" is counted there, not in the browser's zone.
 */
export function deadlineFacts(deadline: Pick<AppealDeadline, 'dueOn' | 'dueAt'>, now: Date): DeadlineFacts {
  const dueDay = utcDay(deadline.dueOn);
  const offset = dueDay + DAY - 1 - Date.parse(deadline.dueAt);
  const localNow = new Date(now.getTime() + offset);
  const today = Date.UTC(localNow.getUTCFullYear(), localNow.getUTCMonth(), localNow.getUTCDate());
  const daysLeft = Math.round((dueDay - today) / DAY);
  const past = now.getTime() > Date.parse(deadline.dueAt);
  return { dueDate: new Date(dueDay), daysLeft, state: past ? 'past' : daysLeft === 0 ? 'today' : 'future' };
}

/** A date (YYYY-MM-DD or a full instant) in words: "Monday, 21 December 2026". */
export function formatDay(value: string | Date, locale: string, weekday = true): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(utcDay(value)) : new Date(value);
  const dateOnly = typeof value === 'string' && value.length === 10;
  return new Intl.DateTimeFormat(locale, {
    ...(weekday ? { weekday: 'long' } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(dateOnly || value instanceof Date ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

/** An instant with date and time in the reader's zone. */
export function formatInstant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
