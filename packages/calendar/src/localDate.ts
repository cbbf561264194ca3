import { CalendarError } from './errors';

/** A calendar date `YYYY-MM-DD` in a jurisdiction's zone (no time, no zone inside). */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Number of days in a month (month 1..12) of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function partsOf(value: unknown): DateParts | undefined {
  if (typeof value !== 'string') return undefined;
  const match = LOCAL_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Years below 1000 are rejected: Date.UTC maps 0..99 to 1900..1999 and no appeal is that old.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is LocalDate {
  return partsOf(value) !== undefined;
}

/** Checks a local date and returns it, or throws `CALENDAR.INVALID_DATE`. */
export function assertLocalDate(value: unknown): LocalDate {
  if (!isLocalDate(value)) {
    throw new CalendarError(
      'CALENDAR.INVALID_DATE',
      `Not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`,
      {
        value,
      },
    );
  }
  return value;
}

function parse(date: LocalDate): DateParts {
  const parts = partsOf(date);
  if (!parts) assertLocalDate(date);
  return parts as DateParts;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(epochDay: number): LocalDate {
  const d = new Date(epochDay * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Days since 1970-01-01 of a local date (used for date differences). */
export function epochDayOf(date: LocalDate): number {
  const { year, month, day } = parse(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The year of a local date. */
export function yearOf(date: LocalDate): number {
  return parse(date).year;
}

/** ISO weekday of a local date (1 = Monday … 7 = Sunday). */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const sundayZero = new Date(epochDayOf(date) * DAY_MS).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

/** The date `days` days after (negative: before) `date`. */
export function plusDays(date: LocalDate, days: number): LocalDate {
  return format(epochDayOf(date) + days);
}

/** The same day `months` months later, clamped to the month's last day (Dec 31 + 2 months = Feb 28/29). */
export function plusMonthsClamped(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parse(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

/** The date a period later: months first (clamped to month end), then days. */
export function plusPeriod(
  date: LocalDate,
  period: { months?: number | undefined; days?: number | undefined },
): LocalDate {
  return plusDays(plusMonthsClamped(date, period.months ?? 0), period.days ?? 0);
}
