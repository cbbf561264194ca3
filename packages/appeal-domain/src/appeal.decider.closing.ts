import { OPEN_STATUSES, isOpenStatus } from '@appeals/contracts';
import { anonymousCrimeReport, existing, iso, requireStatus, type Decisions } from './appeal.guards';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { Appeal, Termination } from './appeal.state';
import type { LinkedAppealFact, TerminateAppeal } from './types';

/** A repeat of a termination: the appeal was terminated on the same ground (and with the same text). */
const sameTermination = (done: Termination, d: TerminateAppeal['data']) =>
  done.ground === d.ground && done.groundText === d.groundText;

/**
 * "Repeated, no new arguments" needs the earlier appeal it repeats, and that appeal must have been answered; returns
 * its id for the event. The application layer read its status (the decider reads one stream only).
 */
function answeredEarlierAppeal(a: Appeal, linked: LinkedAppealFact | undefined): string {
  const field = 'linkedAppealId';
  if (!linked || linked.appealId === a.appealId)
    throw new AppealError(
      E.LINKED_APPEAL_REQUIRED,
      'Name the earlier answered appeal this one repeats',
      field,
    );
  if (linked.status === 'none')
    throw new AppealError(E.LINKED_APPEAL_NOT_FOUND, `No appeal ${linked.appealId} that you may see`, field);
  if (linked.status !== 'answered')
    throw new AppealError(
      E.LINKED_APPEAL_NOT_ANSWERED,
      `The earlier appeal ${linked.appealId} is ${linked.status}, not answered`,
      field,
    );
  return linked.appealId;
}

/** Ends without an answer: termination, withdrawal, and silence past the deadline (deemed refusal). */
export const closingDecisions: Decisions<'TerminateAppeal' | 'WithdrawAppeal' | 'MarkDeemedRefused'> = {
  TerminateAppeal: (command, state) => {
    const d = command.data;
    if (state.status === 'terminated' && sameTermination(state.termination, d)) return [];
    // the withdrawal ground closes the procedure of an appeal the applicant withdrew, and only that
    const a = d.ground === 'withdrawn' && state.status === 'withdrawn' ? state : existing(state);
    if (d.ground === 'withdrawn') {
      if (a.status !== 'withdrawn')
        throw new AppealError(
          E.GROUND_NOT_APPLICABLE,
          'The applicant has not withdrawn the appeal',
          'ground',
        );
    } else requireStatus(a, OPEN_STATUSES, 'terminate');
    if (d.ground === 'anonymous' && a.applicantType !== 'anonymous')
      throw new AppealError(E.GROUND_NOT_APPLICABLE, 'The applicant is identified', 'ground');
    if (anonymousCrimeReport(a) && (d.ground === 'anonymous' || !a.lawEnforcementReached))
      throw new AppealError(
        E.ANONYMOUS_CRIME_MUST_BE_FORWARDED,
        'An anonymous report of a crime or threat must be forwarded to law enforcement, not terminated',
        'ground',
      );
    const linkedAppealId =
      d.ground === 'repeated_no_new_arguments' ? answeredEarlierAppeal(a, d.linkedAppeal) : undefined;
    return [
      {
        type: 'AppealTerminated',
        data: {
          appealId: a.appealId,
          ground: d.ground,
          ...(d.groundText ? { groundText: d.groundText } : {}),
          ...(linkedAppealId ? { linkedAppealId } : {}),
          terminatedAt: iso(command.now),
        },
      },
    ];
  },

  WithdrawAppeal: (command, state) => {
    if (state.status === 'withdrawn') return [];
    const a = existing(state);
    requireStatus(a, OPEN_STATUSES, 'withdraw');
    return [
      {
        type: 'AppealWithdrawn',
        data: {
          appealId: a.appealId,
          ...(command.data.reason ? { reason: command.data.reason } : {}),
          withdrawnAt: iso(command.now),
        },
      },
    ];
  },

  MarkDeemedRefused: (command, state) => {
    // a sweep racing an answer, withdrawal or termination finds nothing to do
    if (state.status !== 'none' && (state.deemedRefused || !isOpenStatus(state.status))) return [];
    const a = existing(state);
    if (command.now.getTime() <= Date.parse(a.deadline.dueAt))
      throw new AppealError(E.DEADLINE_NOT_PASSED, `The deadline ${a.deadline.dueAt} has not passed`);
    return [
      {
        type: 'AppealDeemedRefused',
        data: { appealId: a.appealId, deadline: a.deadline, detectedAt: iso(command.now) },
      },
    ];
  },
};
