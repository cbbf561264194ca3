import { existing, iso, type Decisions } from './appeal.guards';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { RulesResolver } from './rules';
import type { Appeal } from './types';

/** Until when a complaint may be filed: from the answer, the termination, or the deadline passed in silence. */
function complaintWindowEnd(a: Appeal, rulesFor: RulesResolver): Date {
  const rules = rulesFor(a.profileId);
  if (a.status === 'answered' && a.answer) return new Date(a.answer.complaintWindowEndsAt);
  if (a.status === 'terminated' && a.terminatedAt) return rules.complaintWindowEnd(new Date(a.terminatedAt));
  if (a.deemedRefused) return rules.complaintWindowEnd(new Date(a.deadline.dueAt));
  throw new AppealError(
    E.NOT_COMPLAINABLE,
    'A complaint is possible against an answer, a termination, or silence past the deadline',
  );
}

/**
 * A repeat of a complaint: the same complaint appeal, or a complaint filed since the act it would contest (the answer,
 * the termination, the deadline passed in silence). The reason is sealed, so a repeat cannot be told by its words.
 */
function complainedAlready(a: Appeal, complaintAppealId: string): boolean {
  if (a.complaints.includes(complaintAppealId)) return true;
  const actAt = a.answer?.sentAt ?? a.terminatedAt ?? (a.deemedRefused ? a.deadline.dueAt : undefined);
  return actAt !== undefined && a.lastComplaintFiledAt !== undefined && a.lastComplaintFiledAt >= actAt;
}

/** After the answer: the applicant rates it, sends it back for review, or complains to the higher body. */
export const aftercareDecisions: Decisions<'RateAnswer' | 'ReopenAppeal' | 'FileComplaint'> = {
  RateAnswer: (command, state) => {
    const a = existing(state);
    if (a.status !== 'answered')
      throw new AppealError(E.NOT_ANSWERED, 'Only an answered appeal can be rated');
    const { score, comment } = command.data;
    if (a.rating?.score === score && a.rating.comment === comment) return [];
    return [{ type: 'AnswerRated', data: { appealId: a.appealId, score, ...(comment ? { comment } : {}) } }];
  },

  ReopenAppeal: (command, state, rulesFor) => {
    const a = existing(state);
    const now = command.now;
    if (a.status !== 'answered' && a.reopenedFor === command.data.reason) return [];
    if (a.status !== 'answered')
      throw new AppealError(E.NOT_ANSWERED, 'Only an answered appeal can be reopened');
    if (!a.rating || a.rating.score > 2)
      throw new AppealError(E.NOT_UNHAPPY, 'Rate the answer 1 or 2 to send it back for review', 'reason');
    if (a.answer && now.getTime() > Date.parse(a.answer.complaintWindowEndsAt))
      throw new AppealError(E.COMPLAINT_WINDOW_CLOSED, 'The window to contest this answer has closed');
    const rules = rulesFor(a.profileId);
    return [
      {
        type: 'AppealReopened',
        data: {
          appealId: a.appealId,
          reason: command.data.reason,
          newDeadline: rules.deadline(rules.registration(now).registeredOn, a.kind),
        },
      },
    ];
  },

  FileComplaint: (command, state, rulesFor) => {
    if (state.status !== 'none' && complainedAlready(state, command.data.complaintAppealId)) return [];
    if (state.status === 'none') throw new AppealError(E.NOT_FOUND, 'The appeal does not exist');
    const windowEnd = complaintWindowEnd(state, rulesFor);
    if (command.now.getTime() > windowEnd.getTime())
      throw new AppealError(E.COMPLAINT_WINDOW_CLOSED, `The complaint window closed at ${iso(windowEnd)}`);
    return [
      {
        type: 'ComplaintFiled',
        data: {
          appealId: state.appealId,
          complaintAppealId: command.data.complaintAppealId,
          higherAgencyId: command.data.higherAgencyId,
          reason: command.data.reason,
          filedAt: iso(command.now),
        },
      },
    ];
  },
};
