import type { CalendarBook } from './calendarBook';
import type { Regime } from './common.schema';
import { CalendarError } from './errors';
import { getKind } from './kinds';
import { assertLocalDate, plusPeriod, type LocalDate } from './localDate';
import { assertInstant, endOfLocalDay, localDateTimeToInstant, toLocalDate } from './localTime';
import type { JurisdictionProfile } from './profile.schema';
import { addTerm, isWorkingDay, nextWorkingDay, workingDaysBetween } from './workingDays';

/** When an appeal counts as registered. */
export interface Registration {
  /** local registration date */
  registeredOn: LocalDate;
  /** the moment of receipt, or the workday start of the next working day when deferred */
  registeredAt: Date;
  /** true when received after the cutoff or on a non-working day */
  deferred: boolean;
}

/** A due date: the local day and the instant it expires (23:59:59.999 local). */
export interface DueDate {
  dueOn: LocalDate;
  dueAt: Date;
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
  /** The latest due date an extension may set (KZ: registration + 2 months, clamped; RU: deadline + 30 days). */
  maxExtendedDeadline(registeredOn: LocalDate, kindCode: string): DueDate;
  /**
   * Last moment to complain about an answer: end of the local day the complaint window after it, or of the next
   * working day when that day is a day off (APPK Art. 64, 92: a term never ends on a day off).
   */
  complaintWindowEnd(answeredAt: Date): DueDate;
  /** Working days in (from, to]; negative when `to` is earlier. */
  workingDaysBetween(fromLocalDate: LocalDate, toLocalDate: LocalDate): number;
}

/** Binds a profile and a calendar book into the deadline rules the domain uses; pure, no clock. */
export function createDeadlinePolicy(profile: JurisdictionProfile, book: CalendarBook): DeadlinePolicy {
  const dueDate = (dueOn: LocalDate): DueDate => ({ dueOn, dueAt: endOfLocalDay(dueOn, profile) });

  const deadline = (registeredOn: LocalDate, kindCode: string): Deadline => {
    const kind = getKind(profile, kindCode);
    const dueOn = addTerm(book, profile, assertLocalDate(registeredOn), {
      days: kind.termDays,
      regime: kind.regime,
    });
    return { ...dueDate(dueOn), termDays: kind.termDays, regime: kind.regime };
  };

  return {
    profile,

    registration(receivedAt) {
      const received = assertInstant(receivedAt);
      const rule = profile.registrationDelay.rule;
      switch (rule) {
        case 'sameDayBeforeCutoff': {
          const receivedOn = toLocalDate(received, profile);
          const cutoffAt = localDateTimeToInstant(receivedOn, profile.registrationCutoff, profile);
          if (isWorkingDay(book, profile, receivedOn) && received.getTime() < cutoffAt.getTime()) {
            return { registeredOn: receivedOn, registeredAt: new Date(received.getTime()), deferred: false };
          }
          const registeredOn = nextWorkingDay(book, profile, receivedOn);
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
    },

    deadline,

    forwardingDeadline(registeredOn) {
      return dueDate(addTerm(book, profile, assertLocalDate(registeredOn), profile.forwarding));
    },

    maxExtendedDeadline(registeredOn, kindCode) {
      const { maxTotal, maxAdditional } = profile.extension;
      if (maxTotal) {
        getKind(profile, kindCode);
        return dueDate(plusPeriod(assertLocalDate(registeredOn), maxTotal));
      }
      if (maxAdditional) {
        return dueDate(addTerm(book, profile, deadline(registeredOn, kindCode).dueOn, maxAdditional));
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

    complaintWindowEnd(answeredAt) {
      const lastDay = plusPeriod(toLocalDate(answeredAt, profile), profile.complaintWindow);
      return dueDate(isWorkingDay(book, profile, lastDay) ? lastDay : nextWorkingDay(book, profile, lastDay));
    },

    workingDaysBetween(fromLocalDate, toLocalDate) {
      return workingDaysBetween(book, profile, fromLocalDate, toLocalDate);
    },
  };
}
