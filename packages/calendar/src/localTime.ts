import { CalendarError } from './errors';
import { assertLocalDate, epochDayOf, type LocalDate } from './localDate';
import { secondsOfDay } from './timeOfDay';

/** The part of a profile that time-zone conversion needs. */
export interface ZoneOffset {
  /** fixed offset of local time from UTC, in minutes (KZ: +300) */
  utcOffsetMinutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Checks that `value` is a valid JS Date, or throws `CALENDAR.INVALID_INSTANT`. */
export function assertInstant(value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CalendarError('CALENDAR.INVALID_INSTANT', `Not a valid instant: ${String(value)}`, { value });
  }
  return value;
}

/** The local calendar date of an instant in the profile's zone (23:00 UTC is already tomorrow in Astana). */
export function toLocalDate(instant: Date, profile: ZoneOffset): LocalDate {
  const shifted = assertInstant(instant).getTime() + profile.utcOffsetMinutes * MINUTE_MS;
  return new Date(shifted).toISOString().slice(0, 10);
}

/** The instant of a local wall-clock time `HH:MM[:SS]` on a local date in the profile's zone. */
export function localDateTimeToInstant(localDate: LocalDate, time: string, profile: ZoneOffset): Date {
  const midnightUtc = epochDayOf(assertLocalDate(localDate)) * DAY_MS;
  return new Date(midnightUtc + secondsOfDay(time) * 1000 - profile.utcOffsetMinutes * MINUTE_MS);
}

/** The last millisecond (23:59:59.999 local) of a local date: the moment a deadline on that day expires. */
export function endOfLocalDay(localDate: LocalDate, profile: ZoneOffset): Date {
  const nextMidnightUtc = (epochDayOf(assertLocalDate(localDate)) + 1) * DAY_MS;
  return new Date(nextMidnightUtc - profile.utcOffsetMinutes * MINUTE_MS - 1);
}
