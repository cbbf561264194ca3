import {
  addCalendarDays,
  addWorkingDays,
  CalendarBook,
  createCalendarBook,
  createDeadlinePolicy,
  getProfile,
  isWorkingDay,
  nextWorkingDay,
  parseProfile,
  workingDaysBetween,
} from './index';
import { calendarErrorOf } from './testSupport';

const kz = getProfile('kz-appk');
const ru = getProfile('ru-59fz');
const book = createCalendarBook();

describe('isWorkingDay', () => {
  it.each([
    ['2025-04-15', true, 'an ordinary Tuesday'],
    ['2025-04-19', false, 'a Saturday'],
    ['2025-04-20', false, 'a Sunday'],
    ['2025-03-21', false, 'Nauryz day 1 (Friday)'],
    ['2025-03-10', false, "Monday off because Women's Day fell on Saturday 8 March"],
    ['2025-03-25', false, 'Tuesday off because Nauryz day 3 fell on Sunday 23 March'],
    ['2025-01-03', false, 'Friday off by the Ministry of Labour order'],
    ['2025-01-05', true, 'Sunday made a working day by the same order'],
    ['2025-06-06', false, 'Kurban Ait (Friday)'],
  ])('given Kazakhstan %s, then working is %s (%s)', (date, expected) => {
    expect(isWorkingDay(book, kz, date)).toBe(expected);
  });

  it.each([
    ['2025-11-01', true, 'Saturday made a working day by the 2025 decree'],
    ['2025-11-03', false, 'Monday off in exchange for Saturday 1 November'],
    ['2025-05-02', false, 'Friday off moved from Saturday 4 January'],
    ['2025-03-10', true, 'an ordinary Monday in Russia (8 March was moved to 13 June)'],
    ['2025-01-08', false, 'a New Year holiday'],
  ])('given Russia %s, then working is %s (%s)', (date, expected) => {
    expect(isWorkingDay(book, ru, date)).toBe(expected);
  });

  it('given a date in a year with no calendar, then it throws CALENDAR.YEAR_NOT_LOADED naming the year', () => {
    const error = calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () => isWorkingDay(book, kz, '2024-12-31'));
    expect(error.details).toEqual({ profileId: 'kz-appk', year: 2024, loadedYears: [2025, 2026, 2027] });
    expect(error.message).toBe('No calendar loaded for kz-appk year 2024 (loaded: 2025, 2026, 2027)');
  });
});

describe('nextWorkingDay', () => {
  it('given Thursday before Nauryz 2025, then the next working day is Wednesday 26 March', () => {
    // 21 Fri holiday, 22-23 weekend, 24-25 moved days off.
    expect(nextWorkingDay(book, kz, '2025-03-20')).toBe('2025-03-26');
  });

  it('given a Friday, then the next working day is Monday (the date itself never counts)', () => {
    expect(nextWorkingDay(book, kz, '2025-04-18')).toBe('2025-04-21');
  });
});

describe('addWorkingDays', () => {
  it('given 2 January 2025 plus 3 working days, then the moved working Sunday 5 January is counted', () => {
    // 3 Jan off, 4 Sat, 5 Sun working (1), 6 Mon (2), 7 Christmas, 8 Wed (3).
    expect(addWorkingDays(book, kz, '2025-01-02', 3)).toBe('2025-01-08');
  });

  it('given Friday 31 October 2025 in Russia plus 1 working day, then it is the working Saturday 1 November', () => {
    expect(addWorkingDays(book, ru, '2025-10-31', 1)).toBe('2025-11-01');
  });

  it('given 0 working days, then the date itself is returned', () => {
    expect(addWorkingDays(book, kz, '2025-04-19', 0)).toBe('2025-04-19');
  });

  it.each([-1, 1.5, Number.NaN])('given n = %s, then it throws CALENDAR.INVALID_ARGUMENT', (n) => {
    calendarErrorOf('CALENDAR.INVALID_ARGUMENT', () => addWorkingDays(book, kz, '2025-04-15', n));
  });

  it('given a count that runs past the last loaded year, then it throws CALENDAR.YEAR_NOT_LOADED for that year', () => {
    const error = calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () =>
      addWorkingDays(book, kz, '2027-12-20', 15),
    );
    expect(error.details.year).toBe(2028);
  });
});

describe('addCalendarDays', () => {
  it('given 25 December 2025 plus 10 days, then it is 4 January 2026 (across the year)', () => {
    expect(addCalendarDays('2025-12-25', 10)).toBe('2026-01-04');
  });

  it('given 28 February 2028 plus 1 day, then it is the leap day', () => {
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('workingDaysBetween', () => {
  it('given Monday 17 March 2025 to Thursday 10 April 2025, then 15 working days lie in between (Nauryz skipped)', () => {
    // 18,19,20 | 26,27,28 | 31,1,2,3,4 | 7,8,9,10 = 3 + 3 + 5 + 4 = 15.
    expect(workingDaysBetween(book, kz, '2025-03-17', '2025-04-10')).toBe(15);
  });

  it('given the same range reversed, then the count is negative', () => {
    expect(workingDaysBetween(book, kz, '2025-04-10', '2025-03-17')).toBe(-15);
  });

  it('given the same day twice, then it is 0', () => {
    expect(workingDaysBetween(book, kz, '2025-04-15', '2025-04-15')).toBe(0);
  });

  it('given Friday 18 April and a due date Tuesday 22 April, then 2 working days remain (Mon, Tue)', () => {
    expect(workingDaysBetween(book, kz, '2025-04-18', '2025-04-22')).toBe(2);
  });

  it('given 2 to 8 January 2025, then the working Sunday counts: 3 working days', () => {
    expect(workingDaysBetween(book, kz, '2025-01-02', '2025-01-08')).toBe(3);
  });
});

describe('given a jurisdiction that exists only as data (Friday-Saturday weekend, UTC+4)', () => {
  // Nothing in the code knows this profile: proof that rules are data, not `if (kz)`.
  const demo = parseProfile({
    ...(JSON.parse(JSON.stringify(kz)) as object),
    id: 'xx-demo',
    utcOffsetMinutes: 240,
    weekend: [5, 6],
  });
  const demoBook = new CalendarBook([
    {
      profileId: 'xx-demo',
      year: 2025,
      holidays: [{ date: '2025-04-21', name: 'Demo holiday', verified: false }],
      movedDaysOff: [],
      movedWorkingDays: [],
      source: 'test fixture',
      verified: false,
    },
  ]);

  it('then Sunday is a working day and Friday is not', () => {
    expect(isWorkingDay(demoBook, demo, '2025-04-20')).toBe(true);
    expect(isWorkingDay(demoBook, demo, '2025-04-18')).toBe(false);
  });

  it('then an appeal received Thursday 19:00 local is registered Sunday 09:00 local (05:00 UTC)', () => {
    // Thursday 17 April 2025 19:00 at UTC+4 = 15:00 UTC; Fri and Sat are the weekend.
    const registration = createDeadlinePolicy(demo, demoBook).registration(new Date('2025-04-17T15:00:00Z'));
    expect(registration).toEqual({
      registeredOn: '2025-04-20',
      registeredAt: new Date('2025-04-20T05:00:00.000Z'),
      deferred: true,
    });
  });

  it('then a 3-working-day forwarding from Sunday skips its Monday holiday: Tue, Wed, Thu', () => {
    expect(createDeadlinePolicy(demo, demoBook).forwardingDeadline('2025-04-20').dueOn).toBe('2025-04-24');
  });
});
