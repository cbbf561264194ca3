import type { CalendarBook, DayMark } from './calendarBook';
import { assertLocalDate, yearOf, type LocalDate } from './localDate';
import type { JurisdictionProfile } from './profile.schema';

/** Where working-day arithmetic reads how a date is marked (a {@link CalendarBook} is one). */
export interface DayMarks {
  markOf(profileId: string, localDate: LocalDate): DayMark;
}

/** Day marks that never refuse a date, and tell afterwards whether any date fell back. */
export interface FallbackMarks extends DayMarks {
  /** true once a date of a year with no loaded calendar was read */
  readonly provisional: boolean;
}

/**
 * The book's marks where the year is loaded; for a year that is not, only the profile's fixed-date holidays (the
 * weekly weekend applies as always), and the answer is provisional. No transfer of days off and no movable feast
 * (Kurban Ait) is known for such a year, so a deadline counted across it is recomputed once the year is loaded.
 * Make one per computation: `provisional` remembers every date read.
 */
export function fallbackMarks(
  book: CalendarBook,
  profile: Pick<JurisdictionProfile, 'id' | 'fixedHolidays'>,
): FallbackMarks {
  let provisional = false;
  return {
    get provisional() {
      return provisional;
    },
    markOf(profileId, localDate) {
      const date = assertLocalDate(localDate);
      if (book.hasYear(profileId, yearOf(date))) return book.markOf(profileId, date);
      provisional = true;
      const holiday = profile.fixedHolidays.find((fixed) => fixed.date === date.slice(5));
      return holiday ? { kind: 'holiday', name: holiday.name } : { kind: 'regular' };
    },
  };
}
