import { isCalendarError, type CalendarError, type CalendarErrorCode } from './errors';

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
