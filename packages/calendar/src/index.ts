export { CalendarError, isCalendarError } from './errors';
export type { CalendarErrorCode, CalendarErrorDetails, ValidationIssue } from './errors';
export { isLocalDate, isoWeekdayOf } from './localDate';
export type { IsoWeekday, LocalDate } from './localDate';
export { endOfLocalDay, localDateTimeToInstant, toLocalDate } from './localTime';
export type { ZoneOffset } from './localTime';
export {
  DayCountSchema,
  LocalDateSchema,
  LocalizedNameSchema,
  MonthDaySchema,
  PeriodSchema,
  RegimeSchema,
} from './common.schema';
export type { DayCount, LocalizedName, Period, Regime } from './common.schema';
export {
  AppealKindSchema,
  FixedHolidaySchema,
  JurisdictionProfileSchema,
  parseProfile,
} from './profile.schema';
export type { AppealKind, JurisdictionProfile } from './profile.schema';
export { HolidaySchema, MovedDaySchema, YearCalendarSchema, parseYearCalendar } from './yearCalendar.schema';
export type { YearCalendar, YearCalendarInput } from './yearCalendar.schema';
export { builtinProfiles, builtinYearCalendars, defaultProfileId, getProfile } from './builtins';
export type { BuiltinProfileId } from './builtins';
export { getKind } from './kinds';
export { CalendarBook, createCalendarBook } from './calendarBook';
export type { DayMark } from './calendarBook';
export {
  addCalendarDays,
  addTerm,
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
} from './workingDays';
export type { WorkweekProfile } from './workingDays';
export { createDeadlinePolicy } from './deadlinePolicy';
export { fallbackMarks } from './dayMarks';
export type { DayMarks, FallbackMarks } from './dayMarks';
export { calendarWarning } from './coverage';
export type { CalendarWarning } from './coverage';
export type { Deadline, DeadlinePolicy, DueDate, Registration } from './deadlinePolicy';
