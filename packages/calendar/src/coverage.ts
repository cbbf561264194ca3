import type { CalendarBook } from './calendarBook';
import { assertLocalDate, plusDays, yearOf, type LocalDate } from './localDate';

/** What an admin is told when a profile's loaded calendars are about to run out (or have). */
export interface CalendarWarning {
  profileId: string;
  /** the first year from today's on with no loaded calendar */
  missingYear: number;
  /** deadlines counting a day from here on are provisional (weekends and fixed-date holidays only) */
  provisionalFrom: LocalDate;
  /** from when the warning is shown: `warnDays` days before the last loaded day */
  warnFrom: LocalDate;
}

/**
 * A warning when `today` is within `warnDays` (default 90) of the end of the last loaded year before a missing one,
 * or later; `undefined` otherwise. E.g. kz-appk loaded through 2027: from 2 Oct 2027 it names 2028.
 */
export function calendarWarning(
  book: CalendarBook,
  profileId: string,
  today: LocalDate,
  warnDays = 90,
): CalendarWarning | undefined {
  let missingYear = yearOf(assertLocalDate(today));
  while (book.hasYear(profileId, missingYear)) missingYear += 1;
  const provisionalFrom = `${missingYear}-01-01`;
  const warnFrom = plusDays(provisionalFrom, -(warnDays + 1));
  if (today < warnFrom) return undefined;
  return { profileId, missingYear, provisionalFrom, warnFrom };
}
