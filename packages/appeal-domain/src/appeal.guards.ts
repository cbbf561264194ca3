import { CLOSED_STATUSES, ROUTED_STATUSES, type ClosedStatus } from '@appeals/contracts';
import type { Appeal, AppealIn, AppealState } from './appeal.state';
import type { AppealCommand, AppealEvent, AppealStatus } from './types';
import type { RulesResolver } from './rules';
import { AppealError, AppealErrorCodes as E } from './errors';

/** Statuses in which an agency works on the appeal. */
export const ROUTED = ROUTED_STATUSES;
/** Statuses after which nothing more happens to the appeal. */
export const CLOSED = CLOSED_STATUSES;

/** Whether the appeal is in one of the statuses: narrows it to their arms. */
export const hasStatus = <S extends AppealStatus>(a: Appeal, statuses: readonly S[]): a is AppealIn<S> =>
  (statuses as readonly AppealStatus[]).includes(a.status);

export const iso = (d: Date) => d.toISOString();

/**
 * The appeal a command names, open or closed: refuses only one that does not exist. A repeated command is judged on
 * it (its effect already in the state: nothing to do) before {@link open} refuses a closed appeal.
 */
export function known(state: AppealState): Appeal {
  if (state.status === 'none') throw new AppealError(E.NOT_FOUND, 'The appeal does not exist');
  return state;
}

/** An appeal that is not closed: open, or answered. */
export type NotClosed = AppealIn<Exclude<AppealStatus, ClosedStatus>>;

/** Refuses a closed appeal: nothing more happens to it. */
export function open(a: Appeal): NotClosed {
  if (hasStatus(a, CLOSED)) throw new AppealError(E.CLOSED, `The appeal is ${a.status}`);
  return a;
}

/** The appeal a command acts on: refuses one that does not exist or is closed. */
export function existing(state: AppealState): NotClosed {
  return open(known(state));
}

/** An anonymous report of a crime or a threat to state or public security: law enforcement must have it. */
export const anonymousCrimeReport = (a: Appeal): boolean =>
  a.applicantType === 'anonymous' && a.isAboutCrimeOrThreat;

/** Refuses an action the appeal's status does not allow, with the code that says why. */
export function requireStatus<S extends AppealStatus>(
  a: Appeal,
  allowed: readonly S[],
  action: string,
): asserts a is AppealIn<S> {
  if (hasStatus(a, allowed)) return;
  const code =
    a.status === 'answered'
      ? E.ALREADY_ANSWERED
      : (allowed as readonly AppealStatus[]).includes('routed') &&
          (a.status === 'registered' || a.status === 'needs_triage')
        ? E.NOT_ROUTED
        : E.INVALID_TRANSITION;
  throw new AppealError(code, `Cannot ${action} an appeal that is ${a.status}`);
}

type CommandOf<T extends AppealCommand['type']> = Extract<AppealCommand, { type: T }>;

/** The decision of one command type: pure, given the appeal's state and the jurisdiction rules. */
export type Decision<T extends AppealCommand['type']> = (
  command: CommandOf<T>,
  state: AppealState,
  rulesFor: RulesResolver,
) => AppealEvent[];

/** The decisions of a set of command types, one per type (each lifecycle phase declares its own). */
export type Decisions<T extends AppealCommand['type']> = { [K in T]: Decision<K> };
