/** One problem found while validating a profile or a year calendar. */
export interface ValidationIssue {
  /** where the problem is, e.g. `holidays[2].date` (empty for the whole document) */
  path: string;
  message: string;
}

/** What each error code carries, so callers can branch on `code` and read typed details. */
export interface CalendarErrorDetails {
  'CALENDAR.YEAR_NOT_LOADED': { profileId: string; year: number; loadedYears: number[] };
  'CALENDAR.UNKNOWN_KIND': { profileId: string; kindCode: string };
  'CALENDAR.UNKNOWN_PROFILE': { profileId: string };
  'CALENDAR.INVALID_YEAR_CALENDAR': { issues: ValidationIssue[] };
  'CALENDAR.INVALID_PROFILE': { issues: ValidationIssue[] };
  'CALENDAR.INVALID_DATE': { value: unknown };
  'CALENDAR.INVALID_TIME': { value: unknown };
  'CALENDAR.INVALID_INSTANT': { value: unknown };
  'CALENDAR.INVALID_ARGUMENT': { name: string; value: unknown };
}

/** Stable error codes of this package; their meaning never changes. */
export type CalendarErrorCode = keyof CalendarErrorDetails;

/** A typed calendar error with a stable `code` (e.g. `CALENDAR.YEAR_NOT_LOADED`) and code-specific details. */
export class CalendarError<C extends CalendarErrorCode = CalendarErrorCode> extends Error {
  override readonly name = 'CalendarError';

  constructor(
    readonly code: C,
    message: string,
    readonly details: CalendarErrorDetails[C],
  ) {
    super(message);
  }
}

/** True when `error` is a CalendarError (optionally with the given code); narrows its details. */
export function isCalendarError<C extends CalendarErrorCode>(
  error: unknown,
  code?: C,
): error is CalendarError<C> {
  return error instanceof CalendarError && (code === undefined || error.code === code);
}
