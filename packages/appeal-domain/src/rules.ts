import type { Deadline, Language } from './types';

/**
 * Jurisdiction rules the decider needs, as pure functions over profile data
 * (implemented by @appeals/calendar's deadline policy). No I/O, no clock.
 */
export interface JurisdictionRules {
  stateLanguage: Language;
  registration(receivedAt: Date): { registeredOn: string; registeredAt: Date; deferred: boolean };
  deadline(registeredOn: string, kind: string): Deadline;
  forwardingDeadline(registeredOn: string): Date;
  maxExtendedDeadline(registeredOn: string, kind: string): Date;
  /** the end of the complaint window that opens at `from`: 3 months, moved off a last day off */
  complaintWindowEnd(from: Date): Date;
  /** the kinds a complaint may be filed as */
  complaintKinds: readonly string[];
  endOfLocalDay(localDate: string): Date;
  toLocalDate(instant: Date): string;
}

/** Resolves the rules of a jurisdiction profile by id. */
export type RulesResolver = (profileId: string) => JurisdictionRules;
