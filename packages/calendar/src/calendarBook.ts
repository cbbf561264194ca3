import { builtinYearCalendars } from './builtins';
import { CalendarError } from './errors';
import { assertLocalDate, yearOf, type LocalDate } from './localDate';
import { parseYearCalendar, type YearCalendar } from './yearCalendar.schema';

/** How a year calendar marks one date; `regular` means the weekly pattern decides. */
export type DayMark =
  | { kind: 'holiday'; name: string }
  | { kind: 'movedDayOff'; reason: string }
  | { kind: 'movedWorkingDay'; reason: string }
  | { kind: 'regular' };

interface YearIndex {
  calendar: YearCalendar;
  marks: Map<LocalDate, DayMark>;
}

function indexOf(calendar: YearCalendar): YearIndex {
  const marks = new Map<LocalDate, DayMark>();
  for (const h of calendar.holidays) marks.set(h.date, { kind: 'holiday', name: h.name });
  for (const d of calendar.movedDaysOff) marks.set(d.date, { kind: 'movedDayOff', reason: d.reason });
  for (const d of calendar.movedWorkingDays) marks.set(d.date, { kind: 'movedWorkingDay', reason: d.reason });
  return { calendar, marks };
}

const keyOf = (profileId: string, year: number): string => `${profileId}:${year}`;

/** The loaded year calendars per profile; an admin may add or replace a year at run time. */
export class CalendarBook {
  private readonly index = new Map<string, YearIndex>();
  private loads = 0;

  /** Grows with every year loaded: a caller that remembers it knows whether anything was loaded since. */
  get revision(): number {
    return this.loads;
  }

  /** Starts with the given year calendar documents (each validated). */
  constructor(calendars: Iterable<unknown> = []) {
    for (const calendar of calendars) this.addYear(calendar);
  }

  /** Validates and loads a year calendar, replacing the same profile's year; throws `CALENDAR.INVALID_YEAR_CALENDAR`. */
  addYear(input: unknown): YearCalendar {
    const calendar = Object.freeze(parseYearCalendar(input));
    this.index.set(keyOf(calendar.profileId, calendar.year), indexOf(calendar));
    this.loads += 1;
    return calendar;
  }

  /** True when a calendar for this profile and year is loaded. */
  hasYear(profileId: string, year: number): boolean {
    return this.index.has(keyOf(profileId, year));
  }

  /** The loaded years of a profile, ascending. */
  years(profileId: string): number[] {
    return [...this.index.values()]
      .filter((entry) => entry.calendar.profileId === profileId)
      .map((entry) => entry.calendar.year)
      .sort((a, b) => a - b);
  }

  /** The loaded calendar of a profile's year, or throws `CALENDAR.YEAR_NOT_LOADED`. */
  getYear(profileId: string, year: number): YearCalendar {
    return this.entry(profileId, year).calendar;
  }

  /** How the profile's year calendar marks a date, or throws `CALENDAR.YEAR_NOT_LOADED`. */
  markOf(profileId: string, localDate: LocalDate): DayMark {
    const date = assertLocalDate(localDate);
    return this.entry(profileId, yearOf(date)).marks.get(date) ?? { kind: 'regular' };
  }

  private entry(profileId: string, year: number): YearIndex {
    const entry = this.index.get(keyOf(profileId, year));
    if (!entry) {
      const loadedYears = this.years(profileId);
      throw new CalendarError(
        'CALENDAR.YEAR_NOT_LOADED',
        `No calendar loaded for ${profileId} year ${year} (loaded: ${loadedYears.join(', ') || 'none'})`,
        { profileId, year, loadedYears },
      );
    }
    return entry;
  }
}

/** A calendar book preloaded with the shipped years (KZ and RU, 2025–2027); each call returns a new book. */
export function createCalendarBook(): CalendarBook {
  return new CalendarBook(builtinYearCalendars);
}
