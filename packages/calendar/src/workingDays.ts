import type { DayMarks } from './dayMarks';
import type { DayCount } from './common.schema';
import { CalendarError } from './errors';
import { assertLocalDate, daysBetween, isoWeekdayOf, plusDays, type LocalDate } from './localDate';
import type { JurisdictionProfile } from './profile.schema';

/** The part of a profile that working-day arithmetic needs. */
export type WorkweekProfile = Pick<
  JurisdictionProfile,
  'id' | 'weekend' | 'calendarMovesDeadlineOffNonWorkingDay'
>;

function assertCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CalendarError(
      'CALENDAR.INVALID_ARGUMENT',
      `${name} must be a whole number >= 0, got ${value}`,
      {
        name,
        value,
      },
    );
  }
  return value;
}

/** True when the date is a working day: not a holiday or moved day off, and not a weekend unless moved to working. */
export function isWorkingDay(book: DayMarks, profile: WorkweekProfile, localDate: LocalDate): boolean {
  const mark = book.markOf(profile.id, localDate);
  switch (mark.kind) {
    case 'holiday':
    case 'movedDayOff':
      return false;
    case 'movedWorkingDay':
      return true;
    case 'regular':
      return !profile.weekend.includes(isoWeekdayOf(localDate));
    default: {
      const unreachable: never = mark;
      return unreachable;
    }
  }
}

/** The first working day strictly after the date. */
export function nextWorkingDay(book: DayMarks, profile: WorkweekProfile, localDate: LocalDate): LocalDate {
  let day = plusDays(assertLocalDate(localDate), 1);
  while (!isWorkingDay(book, profile, day)) day = plusDays(day, 1);
  return day;
}

/** The n-th working day after the date (the date itself is not counted; n = 0 returns the date). */
export function addWorkingDays(
  book: DayMarks,
  profile: WorkweekProfile,
  localDate: LocalDate,
  n: number,
): LocalDate {
  let day = assertLocalDate(localDate);
  for (let left = assertCount('n', n); left > 0; left -= 1) day = nextWorkingDay(book, profile, day);
  return day;
}

/** The date n calendar days after the date (needs no calendar). */
export function addCalendarDays(localDate: LocalDate, n: number): LocalDate {
  return plusDays(assertLocalDate(localDate), assertCount('n', n));
}

/** Working days in (from, to]: how many working days remain until `to`; negative when `to` is before `from`. */
export function workingDaysBetween(
  book: DayMarks,
  profile: WorkweekProfile,
  fromLocalDate: LocalDate,
  toLocalDate: LocalDate,
): number {
  const span = daysBetween(assertLocalDate(fromLocalDate), assertLocalDate(toLocalDate));
  const [start, sign] = span >= 0 ? [fromLocalDate, 1] : [toLocalDate, -1];
  let count = 0;
  for (let offset = 1; offset <= Math.abs(span); offset += 1) {
    if (isWorkingDay(book, profile, plusDays(start, offset))) count += 1;
  }
  return sign * count;
}

/**
 * The last day of a term of `days` counted after the date: working regime counts working days only; calendar
 * regime counts every day and, when the profile says so, moves a non-working last day to the next working day.
 */
export function addTerm(
  book: DayMarks,
  profile: WorkweekProfile,
  localDate: LocalDate,
  term: DayCount,
): LocalDate {
  switch (term.regime) {
    case 'working':
      return addWorkingDays(book, profile, localDate, term.days);
    case 'calendar': {
      const last = addCalendarDays(localDate, term.days);
      return profile.calendarMovesDeadlineOffNonWorkingDay && !isWorkingDay(book, profile, last)
        ? nextWorkingDay(book, profile, last)
        : last;
    }
    default: {
      const unreachable: never = term.regime;
      return unreachable;
    }
  }
}
