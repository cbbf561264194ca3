import { isCalendarError, type CalendarError, type CalendarErrorCode } from './errors';
import type { YearCalendarInput } from './yearCalendar.schema';

/** Test helper: runs the action and returns the CalendarError it throws with the given code (fails otherwise). */
export function calendarErrorOf<C extends CalendarErrorCode>(
  code: C,
  action: () => unknown,
): CalendarError<C> {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  if (!isCalendarError(thrown, code)) {
    throw new Error(
      `expected CalendarError ${code}, got ${thrown === undefined ? 'no error' : String(thrown)}`,
    );
  }
  return thrown;
}

/** Kazakhstan 2028 as an admin would load it (hand-written; Kurban Ait assumed Friday 5 May). */
export const kz2028: YearCalendarInput = {
  profileId: 'kz-appk',
  year: 2028,
  holidays: [
    { date: '2028-01-01', name: 'New Year (day 1)', verified: true },
    { date: '2028-01-02', name: 'New Year (day 2)', verified: true },
    { date: '2028-01-07', name: 'Orthodox Christmas', verified: true },
    { date: '2028-03-08', name: "International Women's Day", verified: true },
    { date: '2028-03-21', name: 'Nauryz meirami (day 1)', verified: true },
    { date: '2028-03-22', name: 'Nauryz meirami (day 2)', verified: true },
    { date: '2028-03-23', name: 'Nauryz meirami (day 3)', verified: true },
    { date: '2028-05-01', name: "Kazakhstan People's Unity Day", verified: true },
    { date: '2028-05-05', name: 'Kurban Ait (first day)', verified: false },
    { date: '2028-05-07', name: 'Defender of the Fatherland Day', verified: true },
    { date: '2028-05-09', name: 'Victory Day', verified: true },
    { date: '2028-07-06', name: 'Capital Day', verified: true },
    { date: '2028-08-30', name: 'Constitution Day', verified: true },
    { date: '2028-10-25', name: 'Republic Day', verified: true },
    { date: '2028-12-16', name: 'Independence Day', verified: true },
  ],
  movedDaysOff: [
    { date: '2028-01-03', reason: 'New Year 1 January falls on a Saturday' },
    { date: '2028-01-04', reason: 'New Year 2 January falls on a Sunday' },
    { date: '2028-05-08', reason: 'Defender of the Fatherland Day 7 May falls on a Sunday' },
    { date: '2028-12-18', reason: 'Independence Day 16 December falls on a Saturday' },
  ],
  movedWorkingDays: [],
  source: 'test fixture',
  verified: false,
};
