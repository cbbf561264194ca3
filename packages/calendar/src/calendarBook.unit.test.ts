import {
  builtinYearCalendars,
  CalendarBook,
  createCalendarBook,
  createDeadlinePolicy,
  getProfile,
  isoWeekdayOf,
  isWorkingDay,
  workingDaysBetween,
} from './index';
import { calendarErrorOf, kz2028 } from './testSupport';

const kz = getProfile('kz-appk');
const ru = getProfile('ru-59fz');

describe('given the book created with the shipped calendars', () => {
  it('then Kazakhstan and Russia each have 2025, 2026 and 2027 loaded', () => {
    const book = createCalendarBook();
    expect(book.years('kz-appk')).toEqual([2025, 2026, 2027]);
    expect(book.years('ru-59fz')).toEqual([2025, 2026, 2027]);
    expect(book.hasYear('kz-appk', 2028)).toBe(false);
    expect(book.years('unknown')).toEqual([]);
  });

  it('then each call returns an independent book', () => {
    const first = createCalendarBook();
    first.addYear(kz2028);
    expect(createCalendarBook().hasYear('kz-appk', 2028)).toBe(false);
  });

  it('then a loaded calendar is returned validated and frozen', () => {
    const calendar = createCalendarBook().getYear('kz-appk', 2026);
    expect(calendar.movedDaysOff.map((d) => d.date)).toEqual([
      '2026-03-09',
      '2026-03-24',
      '2026-03-25',
      '2026-05-11',
      '2026-08-31',
      '2026-10-26',
    ]);
    expect(Object.isFrozen(calendar)).toBe(true);
  });
});

describe('when an admin loads the 2028 calendar at run time', () => {
  let book: CalendarBook;
  beforeEach(() => {
    book = createCalendarBook();
  });

  it('then before loading, a 2028 deadline is counted on weekends and fixed holidays and flagged provisional', () => {
    const policy = createDeadlinePolicy(kz, book);
    expect(policy.deadline('2028-03-17', 'application')).toMatchObject({
      dueOn: '2028-04-12',
      provisional: true,
    });
  });

  it('then after loading, the year is listed and a deadline in it is computed', () => {
    const revision = book.revision;
    book.addYear(kz2028);
    expect(book.revision).toBe(revision + 1); // the deadline watch recomputes provisional deadlines when it grows
    expect(book.hasYear('kz-appk', 2028)).toBe(true);
    expect(book.years('kz-appk')).toEqual([2025, 2026, 2027, 2028]);
    // Fri 17 Mar 2028: Mar 20 (1) | 21-23 Nauryz | 24 (2) 27-31 (7) Apr 3-7 (12) 10,11,12 (15).
    expect(createDeadlinePolicy(kz, book).deadline('2028-03-17', 'application')).toEqual({
      dueOn: '2028-04-12',
      dueAt: new Date('2028-04-12T18:59:59.999Z'),
      termDays: 15,
      regime: 'working',
    });
  });

  it('then a deadline from December 2027 runs on into 2028 using both years', () => {
    book.addYear(kz2028);
    // Mon 20 Dec 2027: Dec 21-24 (4) 27-31 (9) | Jan 1-2 holidays on the weekend, 3-4 moved off |
    // Jan 5, 6 (11) 7 Christmas | 10-13 (15).
    expect(createDeadlinePolicy(kz, book).deadline('2027-12-20', 'application').dueOn).toBe('2028-01-13');
  });

  it('then a moved day off whose verified flag was omitted is stored as not verified', () => {
    const calendar = book.addYear(kz2028);
    expect(calendar.movedDaysOff.every((day) => day.verified === false)).toBe(true);
  });
});

describe('when an admin replaces an already loaded year', () => {
  it('then later computations use the new data (a new decree moving Friday 2 May 2025 off)', () => {
    const book = createCalendarBook();
    const policy = createDeadlinePolicy(kz, book);
    expect(policy.deadline('2025-04-15', 'application').dueOn).toBe('2025-05-08');

    const current = book.getYear('kz-appk', 2025);
    book.addYear({
      ...current,
      movedDaysOff: [
        ...current.movedDaysOff,
        { date: '2025-05-02', reason: 'hypothetical decree', verified: false },
      ],
      verified: false,
    });

    expect(isWorkingDay(book, kz, '2025-05-02')).toBe(false);
    // Apr 16-18 (3) 21-25 (8) 28-30 (11) | May 1 holiday, 2 now off | 5, 6 (13) 7 holiday 8 (14) 9 holiday | 12 (15).
    expect(policy.deadline('2025-04-15', 'application').dueOn).toBe('2025-05-12');
  });
});

describe('when an admin loads an invalid year calendar', () => {
  it('then malformed fields are rejected with CALENDAR.INVALID_YEAR_CALENDAR listing each path', () => {
    const book = createCalendarBook();
    const error = calendarErrorOf('CALENDAR.INVALID_YEAR_CALENDAR', () =>
      book.addYear({
        profileId: 'kz-appk',
        year: 2029,
        holidays: [{ date: '2029-02-30', name: 'No such day', verified: 'yes' }],
        movedDayOff: [],
        movedWorkingDays: [{ date: '2029-01-06' }],
        source: 'test',
        verified: false,
      }),
    );
    const paths = error.details.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'holidays[0].date',
        'holidays[0].verified',
        'movedDaysOff',
        'movedWorkingDays[0].reason',
        '',
      ]),
    );
    expect(error.message).toMatch(/^Invalid year calendar \(kz-appk 2029\): /);
    expect(error.message).toContain('holidays[0].date: expected a real calendar date YYYY-MM-DD');
    expect(error.message).toContain('movedDayOff');
    expect(book.hasYear('kz-appk', 2029)).toBe(false);
  });

  it('then dates outside the year, duplicates and an overclaimed verified flag are each reported', () => {
    const error = calendarErrorOf('CALENDAR.INVALID_YEAR_CALENDAR', () =>
      new CalendarBook().addYear({
        profileId: 'kz-appk',
        year: 2029,
        holidays: [
          { date: '2030-01-01', name: 'Next year', verified: true },
          { date: '2029-03-22', name: 'Nauryz', verified: true },
        ],
        movedDaysOff: [{ date: '2029-03-22', reason: 'listed twice' }],
        movedWorkingDays: [],
        source: 'test',
        verified: true,
      }),
    );
    expect(error.details.issues).toEqual([
      { path: 'holidays[0].date', message: '2030-01-01 is not in year 2029' },
      { path: 'movedDaysOff[0].date', message: '2029-03-22 is already listed in holidays[1]' },
      { path: 'movedDaysOff[0].verified', message: 'the calendar is marked verified but this entry is not' },
    ]);
  });

  it('then a loaded year is kept unchanged when its replacement is invalid', () => {
    const book = createCalendarBook();
    calendarErrorOf('CALENDAR.INVALID_YEAR_CALENDAR', () =>
      book.addYear({ ...book.getYear('kz-appk', 2025), holidays: 'none' }),
    );
    expect(isWorkingDay(book, kz, '2025-03-21')).toBe(false);
  });
});

describe('given the shipped data', () => {
  const book = createCalendarBook();
  const profiles = { 'kz-appk': kz, 'ru-59fz': ru };

  it('then every moved working day is a weekend day and every moved day off a weekday', () => {
    for (const calendar of builtinYearCalendars) {
      const { weekend } = profiles[calendar.profileId as keyof typeof profiles];
      for (const day of calendar.movedWorkingDays) expect(weekend).toContain(isoWeekdayOf(day.date));
      for (const day of calendar.movedDaysOff) expect(weekend).not.toContain(isoWeekdayOf(day.date));
    }
  });

  it('then every Kazakhstan year has the holidays of domain.md plus the first day of Kurban Ait', () => {
    // the profile's fixed-date holidays (profiles.unit.test.ts checks them against domain.md)
    const fixed = kz.fixedHolidays.map((holiday) => holiday.date);
    const kurbanAit: Record<number, string> = { 2025: '2025-06-06', 2026: '2026-05-27', 2027: '2027-05-16' };
    for (const year of [2025, 2026, 2027]) {
      const dates = book
        .getYear('kz-appk', year)
        .holidays.map((h) => h.date)
        .sort();
      expect(dates).toEqual([...fixed.map((md) => `${year}-${md}`), kurbanAit[year]].sort());
    }
  });

  it('then Kurban Ait 2026 and 2027 and every 2027 transfer are marked not verified', () => {
    const unverified = (year: number) =>
      [...book.getYear('kz-appk', year).holidays, ...book.getYear('kz-appk', year).movedDaysOff]
        .filter((entry) => !entry.verified)
        .map((entry) => entry.date);
    expect(unverified(2025)).toEqual([]);
    expect(unverified(2026)).toEqual(['2026-05-27']);
    expect(unverified(2027)).toEqual(['2027-05-16', '2027-01-04', '2027-03-24', '2027-05-03', '2027-05-10']);
  });

  // Expected totals are counted by hand: 261 weekdays in each of 2025-2027, minus holidays on weekdays,
  // minus moved days off, plus moved working days. Where the press reported an official total it is noted.
  it.each([
    ['kz-appk', 2025, 246], // 261 - 9 - 7 + 1 (Sunday 5 Jan)
    ['kz-appk', 2026, 246], // 261 - 9 - 6; Tengrinews reported 246
    ['kz-appk', 2027, 247], // 261 - 10 - 4
    ['ru-59fz', 2025, 247], // 261 - 10 - 5 + 1 (Saturday 1 Nov); the decree's total is 247
    ['ru-59fz', 2026, 247], // 261 - 10 - 4
    ['ru-59fz', 2027, 249], // 261 - 9 - 3; the 2027 decree will likely remove 2 more (2-3 Jan)
  ])('then %s %i has %i working days in a five-day week', (profileId, year, expected) => {
    const profile = profiles[profileId as keyof typeof profiles];
    expect(workingDaysBetween(book, profile, `${year - 1}-12-31`, `${year}-12-31`)).toBe(expected);
  });
});
