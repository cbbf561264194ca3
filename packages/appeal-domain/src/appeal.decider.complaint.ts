import { ROUTED, existing, iso, requireStatus, type Decisions } from './appeal.guards';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { AppealIn, ComplaintFacts } from './appeal.state';
import type { DraftAnswer } from './types';
import type { RoutedStatus } from '@appeals/contracts';

/** Whether the complaint appeal is with its reviewer (not the body complained about). */
const withReviewer = (a: AppealIn<RoutedStatus>, complaint: ComplaintFacts): boolean =>
  complaint.reviewerAgencyId !== undefined
    ? a.agencyId === complaint.reviewerAgencyId
    : a.agencyId !== complaint.againstAgencyId;

/**
 * What a complaint appeal may be answered with (APPK Art. 91–92): the body complained about may only satisfy it
 * (otherwise it hands it on to the reviewer); the reviewer decides a late complaint on its merits only once it
 * restored the missed term, and until then may only leave it without consideration.
 */
export function requireComplaintAnswer(a: AppealIn<RoutedStatus>, d: DraftAnswer['data']): void {
  if (!a.complaint) return;
  if (!withReviewer(a, a.complaint)) {
    if (d.answerCharacter === 'satisfied') return;
    throw new AppealError(
      E.COMPLAINT_SATISFY_OR_HAND_ON,
      'The body complained about may satisfy the complaint itself; otherwise it forwards it to the higher body',
      'answerCharacter',
    );
  }
  if (a.complaint.late && !a.complaint.termRestored && d.complaintOutcome !== 'leave_without_consideration')
    throw new AppealError(
      E.COMPLAINT_LATE,
      `The complaint came after its window (${a.complaint.late.windowEndsAt}): leave it without consideration, or restore the term first`,
      'complaintOutcome',
    );
}

/** The reviewer's decision on a late complaint: restore the missed term (APPK Art. 92). */
export const complaintDecisions: Decisions<'RestoreComplaintTerm'> = {
  RestoreComplaintTerm: (command, state) => {
    const a = existing(state);
    if (!a.complaint?.late)
      throw new AppealError(
        E.NOT_A_LATE_COMPLAINT,
        'Only a complaint filed after its window has a term to restore',
      );
    if (a.complaint.termRestored) return [];
    requireStatus(a, ROUTED, 'restore the term of');
    if (!withReviewer(a, a.complaint))
      throw new AppealError(
        E.COMPLAINT_NOT_WITH_REVIEWER,
        'Only the higher body that reviews the complaint decides on its missed term',
      );
    return [
      {
        type: 'ComplaintTermRestored',
        data: {
          appealId: a.appealId,
          reason: command.data.reason,
          restoredAt: iso(command.now),
          restoredBy: command.actor.id,
        },
      },
    ];
  },
};
