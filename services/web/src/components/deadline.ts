import type { AppealDeadline } from '../api/types';
import { formatDate, formatInstant as formatInZone } from '../console/format';

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

// Browsers ship without Kazakh calendar data ("2026 M12 21, Mon"): Kazakh dates are spelled out by the
// console's formatter (one list of month names), with the weekday added here.
const KK_WEEKDAYS = ['жексенбі', 'дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі'];
const isDateOnly = (value: string | Date): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
/** The reader's own offset from UTC at that instant, in minutes. */
const readerOffset = (t: number) => -new Date(t).getTimezoneOffset();

/**
 * A date in words: "Monday, 21 December 2026", "понедельник, 21 декабря 2026 г.", "2026 жылғы 21 желтоқсан, дүйсенбі".
 * A YYYY-MM-DD value is that calendar day (never shifted by the reader's zone); an instant is shown in the reader's zone.
 */
export function formatDay(value: string | Date, locale: string, weekday = true): string {
  const t = isDateOnly(value) ? utcDay(value) : new Date(value).getTime();
  const shift = isDateOnly(value) ? 0 : readerOffset(t) * 60_000;
  const day = new Date(t + shift);
  if (locale.startsWith('kk')) {
    const words = formatDate(day.toISOString().slice(0, 10), 'kk');
    return weekday ? `${words}, ${KK_WEEKDAYS[day.getUTCDay()]}` : words;
  }
  return new Intl.DateTimeFormat(locale, {
    ...(weekday ? { weekday: 'long' } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day);
}

/** An instant with date and time in the reader's zone. */
export function formatInstant(iso: string, locale: string): string {
  return formatInZone(iso, locale, readerOffset(Date.parse(iso)));
}
