import { sameRemark } from '@appeals/contracts';
import { existing, iso, known, type Decisions } from './appeal.guards';
import { withLinkedAppealAccepted } from './appeal.linked';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { RulesResolver } from './rules';
import type { Appeal, AppealState } from './appeal.state';
import type { ComplaintRequest, LateComplaint } from './types';

/** Until when a complaint may be filed: from the answer, the termination, or the deadline passed in silence. */
function complaintWindowEnd(a: Appeal, rulesFor: RulesResolver): Date {
  const rules = rulesFor(a.profileId);
  if (a.status === 'answered') return new Date(a.answer.complaintWindowEndsAt);
  if (a.status === 'terminated') return rules.complaintWindowEnd(new Date(a.terminatedAt));
  if (a.deemedRefused) return rules.complaintWindowEnd(new Date(a.deadline.dueAt));
  throw new AppealError(
    E.NOT_COMPLAINABLE,
    'A complaint is possible against an answer, a termination, or silence past the deadline',
  );
}

/** When the act a complaint would contest came: the answer, the termination, or the deadline passed in silence. */
function contestedActAt(a: Appeal): string | undefined {
  if (a.status === 'answered') return a.answer.sentAt;
  if (a.status === 'terminated') return a.terminatedAt;
  return a.deemedRefused ? a.deadline.dueAt : undefined;
}

/**
 * A repeat of a complaint: the same complaint appeal, or a complaint filed since the act it would contest (the answer,
 * the termination, the deadline passed in silence). The reason is sealed, so a repeat cannot be told by its words.
 */
export function complainedAlready(a: Appeal, complaintAppealId: string): boolean {
  if (a.complaints.includes(complaintAppealId)) return true;
  const actAt = contestedActAt(a);
  return actAt !== undefined && a.lastComplaintFiledAt !== undefined && a.lastComplaintFiledAt >= actAt;
}

/** A complaint the decider accepted: until when it could be filed, and whether it came late (APPK Art. 92). */
export interface AcceptedComplaint {
  /** the body that reviews the complaint, never the body complained about */
  higherAgencyId: string;
  windowEndsAt: string;
  late?: LateComplaint;
}

/**
 * Accepts a complaint or refuses it (nothing to complain about, a kind that is not a complaint, no body to review
 * it), before its reason is sealed (ADR 0010). Lateness never refuses it (APPK Art. 64): it is marked, and the
 * reviewer decides. Pure.
 */
export function acceptComplaint(
  command: ComplaintRequest,
  state: AppealState,
  rulesFor: RulesResolver,
): AcceptedComplaint {
  const a = known(state);
  const windowEnd = complaintWindowEnd(a, rulesFor);
  const { kind, higherAgencyId, againstAgencyId } = command.data;
  const complaintKinds = rulesFor(a.profileId).complaintKinds;
  if (!complaintKinds.includes(kind))
    throw new AppealError(
      E.NOT_A_COMPLAINT_KIND,
      `"${kind}" is not a kind of complaint (one of: ${complaintKinds.join(', ')})`,
      'kind',
    );
  if (!higherAgencyId || higherAgencyId === againstAgencyId)
    throw new AppealError(
      E.NO_COMPLAINT_REVIEWER,
      `No higher body reviews complaints about ${againstAgencyId}; its decision may be challenged in court`,
    );
  const windowEndsAt = iso(windowEnd);
  if (command.now.getTime() <= windowEnd.getTime()) return { higherAgencyId, windowEndsAt };
  return { higherAgencyId, windowEndsAt, late: { windowEndsAt, filedAt: iso(command.now) } };
}

/** After the answer: the applicant rates it, sends it back for review, or complains to the higher body. */
export const aftercareDecisions: Decisions<'RateAnswer' | 'ReopenAppeal' | 'FileComplaint'> = {
  RateAnswer: (command, state) => {
    const a = existing(state);
    if (a.status !== 'answered')
      throw new AppealError(E.NOT_ANSWERED, 'Only an answered appeal can be rated');
    const { score, comment } = command.data;
    if (a.rating?.score === score && sameRemark(a.rating.comment, comment)) return [];
    return [{ type: 'AnswerRated', data: { appealId: a.appealId, score, ...(comment ? { comment } : {}) } }];
  },

  ReopenAppeal: (command, state, rulesFor) => {
    const a = existing(state);
    const now = command.now;
    if (a.status !== 'answered' && sameRemark(a.reopenedFor, command.data.reason)) return [];
    if (a.status !== 'answered')
      throw new AppealError(E.NOT_ANSWERED, 'Only an answered appeal can be reopened');
    if (!a.rating || a.rating.score > 2)
      throw new AppealError(E.NOT_UNHAPPY, 'Rate the answer 1 or 2 to send it back for review', 'reason');
    if (now.getTime() > Date.parse(a.answer.complaintWindowEndsAt))
      throw new AppealError(E.COMPLAINT_WINDOW_CLOSED, 'The window to contest this answer has closed');
    const rules = rulesFor(a.profileId);
    // the body runs the procedure again from the reopening: term, forwarding window, extension limit
    const reopenedOn = rules.registration(now).registeredOn;
    return [
      {
        type: 'AppealReopened',
        data: {
          appealId: a.appealId,
          reason: command.data.reason,
          newDeadline: rules.deadline(reopenedOn, a.kind),
          reopenedOn,
          forwardBy: iso(rules.forwardingDeadline(reopenedOn)),
        },
      },
    ];
  },

  FileComplaint: (command, state, rulesFor) => {
    const a = known(state);
    if (complainedAlready(a, command.data.complaintAppealId)) return [];
    const accepted = acceptComplaint(command, a, rulesFor);
    const d = command.data;
    // the complaint is recorded first and its appeal filed after it: refused now if that one would be
    return withLinkedAppealAccepted(
      a,
      [
        {
          type: 'ComplaintFiled',
          data: {
            appealId: a.appealId,
            complaintAppealId: d.complaintAppealId,
            reason: d.reason,
            filedAt: iso(command.now),
            kind: d.kind ?? 'complaint',
            againstAgencyId: d.againstAgencyId,
            ...(d.language ? { language: d.language } : {}),
            ...accepted,
          },
        },
      ],
      command.actor,
      rulesFor,
    );
  },
};
