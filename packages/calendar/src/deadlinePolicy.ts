import type { CalendarBook } from './calendarBook';
import type { Regime } from './common.schema';
import { fallbackMarks, type DayMarks } from './dayMarks';
import { CalendarError } from './errors';
import { getKind } from './kinds';
import { assertLocalDate, plusPeriod, type LocalDate } from './localDate';
import { assertInstant, endOfLocalDay, localDateTimeToInstant, toLocalDate } from './localTime';
import type { JurisdictionProfile } from './profile.schema';
import { addTerm, isWorkingDay, nextWorkingDay, workingDaysBetween } from './workingDays';

const provisionalOf = (due: { provisional?: true }) =>
  due.provisional ? { provisional: true as const } : {};

/** When an appeal counts as registered. */
export interface Registration {
  /** local registration date */
  registeredOn: LocalDate;
  /** the moment of receipt, or the workday start of the next working day when deferred */
  registeredAt: Date;
  /** true when received after the cutoff or on a non-working day */
  deferred: boolean;
}

/**
 * A due date: the local day and the instant it expires (23:59:59.999 local). `provisional` when it was counted
 * across a year whose calendar is not loaded (weekends and fixed-date holidays only): recompute it once it is.
 */
export interface DueDate {
  dueOn: LocalDate;
  dueAt: Date;
  provisional?: true;
}

/** The review deadline of an appeal kind, with the term it came from. */
export interface Deadline extends DueDate {
  termDays: number;
  regime: Regime;
}

/** A jurisdiction's deadline rules bound to a calendar book. */
export interface DeadlinePolicy {
  readonly profile: JurisdictionProfile;
  /** Registration date and time for an appeal received at `receivedAt` (the cutoff minute itself is after hours). */
  registration(receivedAt: Date): Registration;
  /** Review deadline: the end of the N-th counted day after registration, per the kind's term and regime. */
  deadline(registeredOn: LocalDate, kindCode: string): Deadline;
  /** Deadline for forwarding to the competent body (KZ: 3rd working day; RU: 7th calendar day). */
  forwardingDeadline(registeredOn: LocalDate): DueDate;
  /**
   * The latest due date an extension may set, counted from the day the procedure started (its registration at the
   * body that runs it): KZ + 2 months, clamped; RU deadline + 30 days; a kind that is not extendable: its deadline.
   */
  maxExtendedDeadline(registeredOn: LocalDate, kindCode: string): DueDate;
  /** The date itself when it is a working day, else the next working day: where an extended deadline lands. */
  workingDayOnOrAfter(localDate: LocalDate): DueDate;
  /**
   * Last moment to complain about an answer: end of the local day the complaint window after it, or of the next
   * working day when that day is a day off (APPK Art. 64, 92: a term never ends on a day off).
   */
  complaintWindowEnd(answeredAt: Date): DueDate;
  /** Working days in (from, to]; negative when `to` is earlier. */
  workingDaysBetween(fromLocalDate: LocalDate, toLocalDate: LocalDate): number;
}

/** Registration date and time for an appeal received at `receivedAt` (see {@link DeadlinePolicy.registration}). */
function registrationOf(profile: JurisdictionProfile, marks: DayMarks, receivedAt: Date): Registration {
  const received = assertInstant(receivedAt);
  const rule = profile.registrationDelay.rule;
  switch (rule) {
    case 'sameDayBeforeCutoff': {
      const receivedOn = toLocalDate(received, profile);
      const cutoffAt = localDateTimeToInstant(receivedOn, profile.registrationCutoff, profile);
      if (isWorkingDay(marks, profile, receivedOn) && received.getTime() < cutoffAt.getTime()) {
        return { registeredOn: receivedOn, registeredAt: new Date(received.getTime()), deferred: false };
      }
      const registeredOn = nextWorkingDay(marks, profile, receivedOn);
      return {
        registeredOn,
        registeredAt: localDateTimeToInstant(registeredOn, profile.workdayStart, profile),
        deferred: true,
      };
    }
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

/**
 * Binds a profile and a calendar book into the deadline rules the domain uses; pure, no clock. A year with no
 * loaded calendar never makes it refuse: see {@link fallbackMarks} (its results are flagged `provisional`).
 */
export function createDeadlinePolicy(profile: JurisdictionProfile, book: CalendarBook): DeadlinePolicy {
  /** The due date a count over fresh fallback marks returns, provisional when the count read a missing year. */
  const counted = (count: (marks: DayMarks) => LocalDate): DueDate => {
    const marks = fallbackMarks(book, profile);
    const dueOn = count(marks);
    return {
      dueOn,
      dueAt: endOfLocalDay(dueOn, profile),
      ...(marks.provisional ? { provisional: true } : {}),
    };
  };

  const deadline = (registeredOn: LocalDate, kindCode: string): Deadline => {
    const kind = getKind(profile, kindCode);
    const due = counted((marks) =>
      addTerm(marks, profile, assertLocalDate(registeredOn), { days: kind.termDays, regime: kind.regime }),
    );
    return {
      dueOn: due.dueOn,
      dueAt: due.dueAt,
      termDays: kind.termDays,
      regime: kind.regime,
      ...provisionalOf(due),
    };
  };

  return {
    profile,

    registration: (receivedAt) => registrationOf(profile, fallbackMarks(book, profile), receivedAt),

    deadline,

    forwardingDeadline(registeredOn) {
      return counted((marks) => addTerm(marks, profile, assertLocalDate(registeredOn), profile.forwarding));
    },

    maxExtendedDeadline(registeredOn, kindCode) {
      const { maxTotal, maxAdditional } = profile.extension;
      if (!getKind(profile, kindCode).extendable) {
        const normal = deadline(registeredOn, kindCode);
        return { dueOn: normal.dueOn, dueAt: normal.dueAt, ...provisionalOf(normal) };
      }
      if (maxTotal) return counted(() => plusPeriod(assertLocalDate(registeredOn), maxTotal));
      if (maxAdditional) {
        const normal = deadline(registeredOn, kindCode);
        const limit = counted((marks) => addTerm(marks, profile, normal.dueOn, maxAdditional));
        return { ...limit, ...provisionalOf(normal) };
      }
      // Unreachable for a parsed profile: the schema requires exactly one of the two limits.
      const message = 'give exactly one of maxTotal or maxAdditional';
      throw new CalendarError(
        'CALENDAR.INVALID_PROFILE',
        `Invalid jurisdiction profile: extension: ${message}`,
        {
          issues: [{ path: 'extension', message }],
        },
      );
    },

    workingDayOnOrAfter(localDate) {
      return counted((marks) => {
        const date = assertLocalDate(localDate);
        return isWorkingDay(marks, profile, date) ? date : nextWorkingDay(marks, profile, date);
      });
    },

    complaintWindowEnd(answeredAt) {
      return counted((marks) => {
        const lastDay = plusPeriod(toLocalDate(answeredAt, profile), profile.complaintWindow);
        return isWorkingDay(marks, profile, lastDay) ? lastDay : nextWorkingDay(marks, profile, lastDay);
      });
    },

    workingDaysBetween(fromLocalDate, toLocalDate) {
      return workingDaysBetween(fallbackMarks(book, profile), profile, fromLocalDate, toLocalDate);
    },
  };
}
