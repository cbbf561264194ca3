import { ROUTED, iso, known, open, requireStatus, type Decisions } from './appeal.guards';
import { requireComplaintAnswer } from './appeal.decider.complaint';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { JurisdictionRules } from './rules';
import type { Appeal } from './appeal.state';
import type { Deadline, DraftAnswer } from './types';

const isAdverse = (d: { answerCharacter: string; decisionKind: string }) =>
  d.answerCharacter === 'refused' || d.decisionKind === 'burdensome_act';
/** Whole days between two local dates (YYYY-MM-DD). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The deadline an extension to `requestedOn` sets: the end of that day, or of the next working day when it is a day
 * off, counted in calendar days from the day the current procedure started.
 */
export function extendedDeadline(rules: JurisdictionRules, a: Appeal, requestedOn: string): Deadline {
  const landing = rules.workingDayOnOrAfter(requestedOn);
  return {
    dueOn: landing.dueOn,
    dueAt: iso(rules.endOfLocalDay(landing.dueOn)),
    termDays: daysBetween(a.procedureStartedOn, landing.dueOn),
    regime: 'calendar',
    ...(landing.provisional ? { provisional: true } : {}),
  };
}

/** A repeat of an assignment: the same executors (in any order) and the same lead. */
const sameExecutors = (a: Appeal, ids: string[], lead: string | undefined) =>
  lead !== undefined &&
  a.leadExecutorId === lead &&
  a.executorIds.length === ids.length &&
  ids.every((i) => a.executorIds.includes(i));

/** A repeat of a draft: the latest draft already says the same (a retry gets a new draft id). */
function sameAsLatestDraft(a: Appeal, d: DraftAnswer['data']): boolean {
  const latest = a.latestDraftId === undefined ? undefined : a.drafts[a.latestDraftId];
  return (
    latest !== undefined &&
    latest.text === d.text &&
    latest.decisionKind === d.decisionKind &&
    latest.answerCharacter === d.answerCharacter &&
    latest.language === d.language &&
    latest.complaintOutcome === d.complaintOutcome
  );
}

/** Only the latest draft can become the answer: an older one was superseded. */
function requireLatest(a: Appeal, draftId: string): void {
  if (a.latestDraftId !== undefined && a.latestDraftId !== draftId)
    throw new AppealError(
      E.DRAFT_SUPERSEDED,
      `Draft ${draftId} was superseded by draft ${a.latestDraftId}; approve and send the latest draft`,
      'draftId',
    );
}

/** The agency's work: executors, extension, hearing, then draft → approve → send. */
export const responseDecisions: Decisions<
  'AssignExecutors' | 'ExtendDeadline' | 'RecordHearing' | 'DraftAnswer' | 'ApproveAnswer' | 'SendAnswer'
> = {
  AssignExecutors: (command, state) => {
    const a = known(state);
    const ids = [...new Set(command.data.executorIds)];
    const lead = command.data.leadExecutorId ?? ids[0];
    if (sameExecutors(a, ids, lead)) return [];
    requireStatus(open(a), ROUTED, 'assign executors to');
    if (!lead || !ids.includes(lead))
      throw new AppealError(
        E.LEAD_NOT_AMONG_EXECUTORS,
        'The lead executor must be one of the executors',
        'leadExecutorId',
      );
    return [
      { type: 'ExecutorsAssigned', data: { appealId: a.appealId, executorIds: ids, leadExecutorId: lead } },
    ];
  },

  ExtendDeadline: (command, state, rulesFor) => {
    const a = known(state);
    const { newDueOn, reason } = command.data;
    const rules = rulesFor(a.profileId);
    const newDeadline = extendedDeadline(rules, a, newDueOn);
    if (a.extended && a.deadline.dueOn === newDeadline.dueOn) return [];
    requireStatus(open(a), ROUTED, 'extend the deadline of');
    if (a.deemedRefused)
      throw new AppealError(
        E.DEEMED_REFUSED,
        'The appeal is deemed refused: its term can no longer be extended',
      );
    if (command.now.getTime() > Date.parse(a.deadline.dueAt))
      throw new AppealError(
        E.DEADLINE_PASSED,
        `The term ended at ${a.deadline.dueAt}: an extension is decided before the term ends`,
      );
    if (newDueOn <= a.deadline.dueOn)
      throw new AppealError(
        E.EXTENSION_NOT_LATER,
        `The new due date must be after ${a.deadline.dueOn}`,
        'newDueOn',
      );
    const max = rules.maxExtendedDeadline(a.procedureStartedOn, a.kind);
    if (Date.parse(newDeadline.dueAt) > max.getTime())
      throw new AppealError(
        E.EXTENSION_TOO_LONG,
        `The term may be extended to ${rules.toLocalDate(max)} at the latest` +
          (newDeadline.dueOn === newDueOn
            ? ''
            : ` (${newDueOn} is a day off: the term would end ${newDeadline.dueOn})`),
        'newDueOn',
      );
    return [
      {
        type: 'DeadlineExtended',
        data: {
          appealId: a.appealId,
          previousDeadline: a.deadline,
          newDeadline,
          reason,
          approvedBy: command.actor.id,
          applicantNotifiedAt: iso(command.now),
        },
      },
    ];
  },

  RecordHearing: (command, state) => {
    const a = known(state);
    const d = command.data;
    const h = a.hearing;
    if (d.held ? h?.held && h.heldAt === d.heldAt : h && !h.held && h.reason === d.reason) return [];
    requireStatus(open(a), ROUTED, 'record a hearing for');
    if (d.held)
      return [{ type: 'HearingHeld', data: { appealId: a.appealId, heldAt: d.heldAt, notes: d.notes } }];
    return [{ type: 'HearingWaived', data: { appealId: a.appealId, reason: d.reason } }];
  },

  DraftAnswer: (command, state, rulesFor) => {
    const a = known(state);
    const d = command.data;
    if (a.drafts[d.draftId] || sameAsLatestDraft(a, d)) return [];
    open(a);
    requireStatus(a, ROUTED, 'draft an answer to');
    if (a.executorIds.length === 0)
      throw new AppealError(E.NO_EXECUTOR, 'Assign an executor before drafting the answer');
    const rules = rulesFor(a.profileId);
    if (d.language !== rules.stateLanguage && d.language !== a.language)
      throw new AppealError(
        E.ANSWER_LANGUAGE,
        `The answer must be in the state language (${rules.stateLanguage}) or the language of the appeal (${a.language})`,
        'language',
      );
    requireComplaintAnswer(a, d);
    if (isAdverse(d) && !a.hearing)
      throw new AppealError(
        E.HEARING_NOT_RECORDED,
        'Before an adverse decision, record whether the applicant was heard (or why not)',
        'answerCharacter',
      );
    return [
      {
        type: 'AnswerDrafted',
        data: {
          appealId: a.appealId,
          draftId: d.draftId,
          text: d.text,
          decisionKind: d.decisionKind,
          answerCharacter: d.answerCharacter,
          language: d.language,
          ...(d.complaintOutcome ? { complaintOutcome: d.complaintOutcome } : {}),
          draftedBy: command.actor.id,
        },
      },
    ];
  },

  ApproveAnswer: (command, state) => {
    const a = known(state);
    const draft = a.drafts[command.data.draftId];
    if (draft?.approved) return [];
    open(a);
    if (!draft) throw new AppealError(E.DRAFT_NOT_FOUND, 'No such draft', 'draftId');
    requireStatus(a, ROUTED, 'approve an answer to');
    requireLatest(a, draft.draftId);
    return [
      {
        type: 'AnswerApproved',
        data: { appealId: a.appealId, draftId: draft.draftId, approvedBy: command.actor.id },
      },
    ];
  },

  SendAnswer: (command, state, rulesFor) => {
    const a = known(state);
    const now = command.now;
    if (a.status === 'answered' && a.answer.draftId === command.data.draftId) return [];
    open(a);
    const draft = a.drafts[command.data.draftId];
    if (!draft) throw new AppealError(E.DRAFT_NOT_FOUND, 'No such draft', 'draftId');
    requireStatus(a, ROUTED, 'send an answer to');
    requireLatest(a, draft.draftId);
    if (!draft.approved)
      throw new AppealError(E.DRAFT_NOT_APPROVED, 'The draft must be approved before it is sent', 'draftId');
    return [
      {
        type: 'AnswerSent',
        data: {
          appealId: a.appealId,
          draftId: draft.draftId,
          sentAt: iso(now),
          onTime: now.getTime() <= Date.parse(a.deadline.dueAt),
          complaintWindowEndsAt: iso(rulesFor(a.profileId).complaintWindowEnd(now)),
        },
      },
    ];
  },
};
