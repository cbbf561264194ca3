import type { JurisdictionRules, RulesResolver } from './rules';
import type { Deadline } from './types';

// A tiny, obviously-correct stand-in for the real jurisdiction profile, for the decider specs only.
// UTC+5, Mon–Fri working days, no holidays, working hours 09:00–18:30.
// Terms: 15 working days for every kind, except information_request: 15 calendar days. Complaint kinds as in kz-appk.
// The complaint window: 3 months, a last day off moved to the next working day.
// The real calendar (holidays, moved days off) is tested in @appeals/calendar.

/** Profile id the fake answers to. */
export const TEST_PROFILE = 'test-kz';

const DAY_MS = 86_400_000;

/** The instant of a local (UTC+5) wall-clock time: at('2026-03-02T10:00'). */
export const at = (localDateTime: string): Date => new Date(`${localDateTime}:00+05:00`);

const toLocalDate = (instant: Date): string =>
  new Date(instant.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
const endOfLocalDay = (localDate: string): Date => new Date(`${localDate}T23:59:59+05:00`);
const addDays = (localDate: string, days: number): string =>
  new Date(Date.parse(localDate) + days * DAY_MS).toISOString().slice(0, 10);
const isWorkingDay = (localDate: string): boolean => {
  const weekday = new Date(localDate).getUTCDay(); // 0 = Sunday, 6 = Saturday
  return weekday >= 1 && weekday <= 5;
};
const nextWorkingDay = (localDate: string): string => {
  let day = addDays(localDate, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
};
/** The n-th working day after a date (the date itself is not counted). */
const addWorkingDays = (localDate: string, n: number): string => {
  let day = localDate;
  for (let i = 0; i < n; i++) day = nextWorkingDay(day);
  return day;
};
/** Same day n months later, clamped to the month's last day (31 Jan + 1 month = 28 Feb). */
const addMonths = (localDate: string, months: number): string => {
  const d = new Date(localDate);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))).toISOString().slice(0, 10);
};
const deadlineOn = (dueOn: string, termDays: number, regime: Deadline['regime']): Deadline => ({
  dueOn,
  dueAt: endOfLocalDay(dueOn).toISOString(),
  termDays,
  regime,
});

/** The fake rules. */
export const testRules: JurisdictionRules = {
  stateLanguage: 'kk',
  registration(receivedAt) {
    const day = toLocalDate(receivedAt);
    if (isWorkingDay(day) && receivedAt.getTime() < at(`${day}T18:30`).getTime())
      return { registeredOn: day, registeredAt: receivedAt, deferred: false };
    const next = nextWorkingDay(day);
    return { registeredOn: next, registeredAt: at(`${next}T09:00`), deferred: true };
  },
  deadline(registeredOn, kind) {
    if (kind === 'information_request') {
      let dueOn = addDays(registeredOn, 15);
      while (!isWorkingDay(dueOn)) dueOn = addDays(dueOn, 1);
      return deadlineOn(dueOn, 15, 'calendar');
    }
    return deadlineOn(addWorkingDays(registeredOn, 15), 15, 'working');
  },
  forwardingDeadline: (registeredOn) => endOfLocalDay(addWorkingDays(registeredOn, 3)),
  maxExtendedDeadline: (registeredOn) => endOfLocalDay(addMonths(registeredOn, 2)),
  complaintWindowEnd: (from) => {
    const lastDay = addMonths(toLocalDate(from), 3);
    return endOfLocalDay(isWorkingDay(lastDay) ? lastDay : nextWorkingDay(lastDay));
  },
  complaintKinds: [
    'complaint',
    'public_service_complaint',
    'taxpayer_complaint',
    'taxpayer_complaint_monitoring',
  ],
  endOfLocalDay,
  toLocalDate,
};

/** Resolves only the test profile, so a typo in a fixture fails loudly. */
export const testRulesFor: RulesResolver = (profileId) => {
  if (profileId !== TEST_PROFILE) throw new Error(`No test rules for profile ${profileId}`);
  return testRules;
};
