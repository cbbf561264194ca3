import { OPEN_STATUSES } from '@appeals/contracts';
import type { Decider } from '@appeals/decider';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { RulesResolver } from './rules';
import type { Appeal, AppealCommand, AppealEvent, AppealState, AppealStatus, Deadline } from './types';

const ROUTED: AppealStatus[] = ['routed', 'in_progress'];
const CLOSED: AppealStatus[] = ['terminated', 'withdrawn'];

const iso = (d: Date) => d.toISOString();
const isAdverse = (d: { answerCharacter: string; decisionKind: string }) =>
  d.answerCharacter === 'refused' || d.decisionKind === 'burdensome_act';
/** Whole days between two local dates (YYYY-MM-DD). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function existing(state: AppealState): Appeal {
  if (state.status === 'none') throw new AppealError(E.NOT_FOUND, 'The appeal does not exist');
  if (CLOSED.includes(state.status)) throw new AppealError(E.CLOSED, `The appeal is ${state.status}`);
  return state;
}

function requireStatus(a: Appeal, allowed: readonly AppealStatus[], action: string): void {
  if (allowed.includes(a.status)) return;
  const code =
    a.status === 'answered'
      ? E.ALREADY_ANSWERED
      : allowed.includes('routed') && (a.status === 'registered' || a.status === 'needs_triage')
        ? E.NOT_ROUTED
        : E.INVALID_TRANSITION;
  throw new AppealError(code, `Cannot ${action} an appeal that is ${a.status}`);
}

/**
 * The appeal decider: every rule of the lifecycle, no I/O.
 * Jurisdiction rules (terms, calendars) come in as pure functions per profile.
 */
export function createAppealDecider(
  rulesFor: RulesResolver,
): Decider<AppealCommand, AppealEvent, AppealState> {
  function decide(command: AppealCommand, state: AppealState): AppealEvent[] {
    const now = command.now;
    switch (command.type) {
      case 'SubmitAppeal': {
        if (state.status !== 'none') return []; // already submitted: a retry changes nothing
        const d = command.data;
        const receivedAt = d.receivedAt ?? now;
        if (receivedAt.getTime() > now.getTime())
          throw new AppealError(E.RECEIVED_IN_FUTURE, 'receivedAt may not be in the future', 'receivedAt');
        const rules = rulesFor(d.profileId);
        const reg = rules.registration(receivedAt);
        // A registrar registers on the day of receipt at the earliest; entering it later keeps the received date.
        const deadline = rules.deadline(reg.registeredOn, d.kind);
        return [
          {
            type: 'AppealSubmitted',
            data: {
              appealId: d.appealId,
              profileId: d.profileId,
              kind: d.kind,
              categoryId: d.categoryId,
              regionKato: d.regionKato,
              language: d.language,
              subject: d.subject,
              text: d.text,
              applicant: d.applicant,
              ...(d.applicantAccountId ? { applicantAccountId: d.applicantAccountId } : {}),
              ...(d.addressedAgencyId ? { addressedAgencyId: d.addressedAgencyId } : {}),
              isAboutCrimeOrThreat: d.isAboutCrimeOrThreat ?? false,
              channel: d.channel,
              receivedAt: iso(receivedAt),
              trackingCodeHash: d.trackingCodeHash,
              submittedBy: command.actor,
              origin: d.origin ?? { type: 'direct' },
            },
          },
          {
            type: 'AppealRegistered',
            data: {
              appealId: d.appealId,
              registrationNumber: d.registrationNumber,
              registeredAt: iso(reg.registeredAt),
              registeredOn: reg.registeredOn,
              deferred: reg.deferred,
              deadline,
              forwardBy: iso(rules.forwardingDeadline(reg.registeredOn)),
              ...(command.actor.role === 'registrar' ? { registeredBy: command.actor } : {}),
            },
          },
        ];
      }

      case 'RouteAppeal': {
        const a = existing(state);
        if (a.agencyId === command.data.agencyId && a.status !== 'needs_triage') return [];
        if (a.agencyId !== undefined)
          throw new AppealError(
            E.ALREADY_ROUTED,
            'The appeal is already routed; forward it instead',
            'agencyId',
          );
        requireStatus(a, ['registered', 'needs_triage'], 'route');
        return [
          {
            type: 'AppealRouted',
            data: {
              appealId: a.appealId,
              agencyId: command.data.agencyId,
              by: command.data.by,
              ...(command.data.ruleId ? { ruleId: command.data.ruleId } : {}),
              ...(command.data.note ? { note: command.data.note } : {}),
            },
          },
        ];
      }

      case 'MarkNeedsTriage': {
        const a = existing(state);
        if (a.status === 'needs_triage') return [];
        requireStatus(a, ['registered'], 'send to triage');
        return [{ type: 'AppealNeedsTriage', data: { appealId: a.appealId, reason: command.data.reason } }];
      }

      case 'ForwardAppeal': {
        const a = existing(state);
        const d = command.data;
        if (d.scope === 'whole' && a.lastForwardedTo === d.toAgencyId && a.agencyId === d.toAgencyId)
          return [];
        if (d.scope === 'part' && d.childAppealId && a.partForwards.includes(d.childAppealId)) return [];
        requireStatus(a, ROUTED, 'forward');
        if (a.agencyId === d.toAgencyId)
          throw new AppealError(
            E.FORWARD_TO_SAME_AGENCY,
            'The appeal is already with this agency',
            'toAgencyId',
          );
        if (d.scope === 'part' && !d.childAppealId)
          throw new AppealError(
            E.PART_NEEDS_CHILD,
            'Forwarding a part creates a linked appeal',
            'childAppealId',
          );
        const rules = rulesFor(a.profileId);
        // The receiving body registers a whole forwarded appeal on receipt and runs its own term.
        const newDeadline =
          d.scope === 'whole' ? rules.deadline(rules.registration(now).registeredOn, a.kind) : undefined;
        return [
          {
            type: 'AppealForwarded',
            data: {
              appealId: a.appealId,
              fromAgencyId: a.agencyId as string,
              toAgencyId: d.toAgencyId,
              scope: d.scope,
              ...(d.partDescription ? { partDescription: d.partDescription } : {}),
              ...(d.childAppealId ? { childAppealId: d.childAppealId } : {}),
              reason: d.reason,
              forwardedAt: iso(now),
              withinWindow: now.getTime() <= Date.parse(a.forwardBy),
              applicantNotifiedAt: iso(now),
              ...(newDeadline ? { newDeadline } : {}),
            },
          },
        ];
      }

      case 'AssignExecutors': {
        const a = existing(state);
        requireStatus(a, ROUTED, 'assign executors to');
        const ids = [...new Set(command.data.executorIds)];
        const lead = command.data.leadExecutorId ?? ids[0];
        if (!lead || !ids.includes(lead))
          throw new AppealError(
            E.LEAD_NOT_AMONG_EXECUTORS,
            'The lead executor must be one of the executors',
            'leadExecutorId',
          );
        if (
          a.leadExecutorId === lead &&
          a.executorIds.length === ids.length &&
          ids.every((i) => a.executorIds.includes(i))
        )
          return [];
        return [
          {
            type: 'ExecutorsAssigned',
            data: { appealId: a.appealId, executorIds: ids, leadExecutorId: lead },
          },
        ];
      }

      case 'ExtendDeadline': {
        const a = existing(state);
        if (a.extended && a.deadline.dueOn === command.data.newDueOn) return [];
        requireStatus(a, ROUTED, 'extend the deadline of');
        const rules = rulesFor(a.profileId);
        if (command.data.newDueOn <= a.deadline.dueOn)
          throw new AppealError(
            E.EXTENSION_NOT_LATER,
            `The new due date must be after ${a.deadline.dueOn}`,
            'newDueOn',
          );
        const dueAt = rules.endOfLocalDay(command.data.newDueOn);
        const max = rules.maxExtendedDeadline(a.registeredOn, a.kind);
        if (dueAt.getTime() > max.getTime())
          throw new AppealError(
            E.EXTENSION_TOO_LONG,
            `The term may be extended to ${rules.toLocalDate(max)} at the latest`,
            'newDueOn',
          );
        const newDeadline: Deadline = {
          dueOn: command.data.newDueOn,
          dueAt: iso(dueAt),
          termDays: daysBetween(a.registeredOn, command.data.newDueOn),
          regime: 'calendar',
        };
        return [
          {
            type: 'DeadlineExtended',
            data: {
              appealId: a.appealId,
              previousDeadline: a.deadline,
              newDeadline,
              reason: command.data.reason,
              approvedBy: command.actor.id,
              applicantNotifiedAt: iso(now),
            },
          },
        ];
      }

      case 'RecordHearing': {
        const a = existing(state);
        requireStatus(a, ROUTED, 'record a hearing for');
        const d = command.data;
        if (d.held) {
          if (a.hearing?.held && a.hearing.heldAt === d.heldAt) return [];
          return [{ type: 'HearingHeld', data: { appealId: a.appealId, heldAt: d.heldAt, notes: d.notes } }];
        }
        if (a.hearing && !a.hearing.held && a.hearing.reason === d.reason) return [];
        return [{ type: 'HearingWaived', data: { appealId: a.appealId, reason: d.reason } }];
      }

      case 'DraftAnswer': {
        const a = existing(state);
        const d = command.data;
        if (a.drafts[d.draftId]) return [];
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
      }

      case 'ApproveAnswer': {
        const a = existing(state);
        const draft = a.drafts[command.data.draftId];
        if (!draft) throw new AppealError(E.DRAFT_NOT_FOUND, 'No such draft', 'draftId');
        if (draft.approved) return [];
        requireStatus(a, ROUTED, 'approve an answer to');
        return [
          {
            type: 'AnswerApproved',
            data: { appealId: a.appealId, draftId: draft.draftId, approvedBy: command.actor.id },
          },
        ];
      }

      case 'SendAnswer': {
        const a = existing(state);
        if (a.answer?.draftId === command.data.draftId) return [];
        const draft = a.drafts[command.data.draftId];
        if (!draft) throw new AppealError(E.DRAFT_NOT_FOUND, 'No such draft', 'draftId');
        requireStatus(a, ROUTED, 'send an answer to');
        if (!draft.approved)
          throw new AppealError(
            E.DRAFT_NOT_APPROVED,
            'The draft must be approved before it is sent',
            'draftId',
          );
        const rules = rulesFor(a.profileId);
        return [
          {
            type: 'AnswerSent',
            data: {
              appealId: a.appealId,
              draftId: draft.draftId,
              sentAt: iso(now),
              onTime: now.getTime() <= Date.parse(a.deadline.dueAt),
              complaintWindowEndsAt: iso(rules.complaintWindowEnd(now)),
            },
          },
        ];
      }

      case 'TerminateAppeal': {
        if (state.status === 'terminated') return [];
        const a = existing(state);
        requireStatus(a, OPEN_STATUSES, 'terminate');
        const d = command.data;
        if (d.ground === 'anonymous') {
          if (a.applicantType !== 'anonymous')
            throw new AppealError(E.GROUND_NOT_APPLICABLE, 'The applicant is identified', 'ground');
          if (a.isAboutCrimeOrThreat)
            throw new AppealError(
              E.ANONYMOUS_CRIME_MUST_BE_FORWARDED,
              'An anonymous report of a crime or threat must be forwarded to law enforcement, not terminated',
              'ground',
            );
        }
        return [
          {
            type: 'AppealTerminated',
            data: {
              appealId: a.appealId,
              ground: d.ground,
              ...(d.groundText ? { groundText: d.groundText } : {}),
              terminatedAt: iso(now),
            },
          },
        ];
      }

      case 'WithdrawAppeal': {
        if (state.status === 'withdrawn') return [];
        const a = existing(state);
        requireStatus(a, OPEN_STATUSES, 'withdraw');
        return [
          {
            type: 'AppealWithdrawn',
            data: {
              appealId: a.appealId,
              ...(command.data.reason ? { reason: command.data.reason } : {}),
              withdrawnAt: iso(now),
            },
          },
        ];
      }

      case 'RateAnswer': {
        const a = existing(state);
        if (a.status !== 'answered')
          throw new AppealError(E.NOT_ANSWERED, 'Only an answered appeal can be rated');
        if (a.rating?.score === command.data.score && a.rating.comment === command.data.comment) return [];
        return [
          {
            type: 'AnswerRated',
            data: {
              appealId: a.appealId,
              score: command.data.score,
              ...(command.data.comment ? { comment: command.data.comment } : {}),
            },
          },
        ];
      }

      case 'ReopenAppeal': {
        const a = existing(state);
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
      }

      case 'FileComplaint': {
        if (state.status !== 'none' && state.complaints.includes(command.data.complaintAppealId)) return [];
        if (state.status === 'none') throw new AppealError(E.NOT_FOUND, 'The appeal does not exist');
        const a = state;
        const rules = rulesFor(a.profileId);
        let windowEnd: Date;
        if (a.status === 'answered' && a.answer) windowEnd = new Date(a.answer.complaintWindowEndsAt);
        else if (a.status === 'terminated' && a.terminatedAt)
          windowEnd = rules.complaintWindowEnd(new Date(a.terminatedAt));
        else if (a.deemedRefused) windowEnd = rules.complaintWindowEnd(new Date(a.deadline.dueAt));
        else
          throw new AppealError(
            E.NOT_COMPLAINABLE,
            'A complaint is possible against an answer, a termination, or silence past the deadline',
          );
        if (now.getTime() > windowEnd.getTime())
          throw new AppealError(
            E.COMPLAINT_WINDOW_CLOSED,
            `The complaint window closed at ${windowEnd.toISOString()}`,
          );
        return [
          {
            type: 'ComplaintFiled',
            data: {
              appealId: a.appealId,
              complaintAppealId: command.data.complaintAppealId,
              higherAgencyId: command.data.higherAgencyId,
              reason: command.data.reason,
              filedAt: iso(now),
            },
          },
        ];
      }

      case 'MarkDeemedRefused': {
        // a sweep racing an answer, withdrawal or termination finds nothing to do
        if (state.status !== 'none' && (state.deemedRefused || !OPEN_STATUSES.includes(state.status)))
          return [];
        const a = existing(state);
        if (now.getTime() <= Date.parse(a.deadline.dueAt))
          throw new AppealError(E.DEADLINE_NOT_PASSED, `The deadline ${a.deadline.dueAt} has not passed`);
        return [
          {
            type: 'AppealDeemedRefused',
            data: { appealId: a.appealId, deadline: a.deadline, detectedAt: iso(now) },
          },
        ];
      }

      default: {
        const unreachable: never = command;
        throw new AppealError(
          E.INVALID_TRANSITION,
          `Unknown command ${(unreachable as { type: string }).type}`,
        );
      }
    }
  }

  return {
    decide,
    evolve,
    initialState: { status: 'none' },
    isTerminal: (s) => CLOSED.includes(s.status as AppealStatus),
  };
}

/** Applies one event to the state. Pure; unknown facts never fail a replay. */
export function evolve(state: AppealState, event: AppealEvent): AppealState {
  if (event.type === 'AppealSubmitted') {
    const d = event.data;
    return {
      status: 'registered',
      appealId: d.appealId,
      profileId: d.profileId,
      kind: d.kind,
      language: d.language,
      applicantType: d.applicant.type,
      subjectId: d.text.subjectId,
      applicantAccountId: d.applicantAccountId,
      trackingCodeHash: d.trackingCodeHash,
      addressedAgencyId: d.addressedAgencyId,
      isAboutCrimeOrThreat: d.isAboutCrimeOrThreat,
      registeredOn: '',
      registeredAt: '',
      deadline: { dueOn: '', dueAt: '', termDays: 1, regime: 'working' },
      forwardBy: '',
      agencyId: undefined,
      executorIds: [],
      hearing: undefined,
      extended: false,
      drafts: {},
      partForwards: [],
      complaints: [],
      deemedRefused: false,
    };
  }
  if (state.status === 'none') return state;
  const a: Appeal = state;
  switch (event.type) {
    case 'AppealRegistered':
      return {
        ...a,
        registeredOn: event.data.registeredOn,
        registeredAt: event.data.registeredAt,
        deadline: event.data.deadline,
        forwardBy: event.data.forwardBy,
      };
    case 'AppealRouted':
      return { ...a, status: 'routed', agencyId: event.data.agencyId };
    case 'AppealNeedsTriage':
      return { ...a, status: 'needs_triage' };
    case 'AppealForwarded':
      if (event.data.scope === 'part')
        return { ...a, partForwards: [...a.partForwards, event.data.childAppealId ?? ''] };
      return {
        ...a,
        status: 'routed',
        agencyId: event.data.toAgencyId,
        lastForwardedTo: event.data.toAgencyId,
        executorIds: [],
        leadExecutorId: undefined,
        drafts: {},
        // The receiving body runs its own procedure: its own term, its own hearing, no extension yet.
        hearing: undefined,
        extended: false,
        deadline: event.data.newDeadline ?? a.deadline,
        deemedRefused: false,
      };
    case 'ExecutorsAssigned':
      return {
        ...a,
        status: 'in_progress',
        executorIds: event.data.executorIds,
        leadExecutorId: event.data.leadExecutorId,
      };
    case 'DeadlineExtended':
      return { ...a, deadline: event.data.newDeadline, extended: true };
    case 'HearingHeld':
      return { ...a, hearing: { held: true, heldAt: event.data.heldAt } };
    case 'HearingWaived':
      return { ...a, hearing: { held: false, reason: event.data.reason } };
    case 'AnswerDrafted':
      return {
        ...a,
        drafts: {
          ...a.drafts,
          [event.data.draftId]: {
            draftId: event.data.draftId,
            decisionKind: event.data.decisionKind,
            answerCharacter: event.data.answerCharacter,
            language: event.data.language,
            approved: false,
          },
        },
      };
    case 'AnswerApproved': {
      const draft = a.drafts[event.data.draftId];
      return draft ? { ...a, drafts: { ...a.drafts, [draft.draftId]: { ...draft, approved: true } } } : a;
    }
    case 'AnswerSent': {
      const draft = a.drafts[event.data.draftId];
      return {
        ...a,
        status: 'answered',
        answer: {
          draftId: event.data.draftId,
          sentAt: event.data.sentAt,
          complaintWindowEndsAt: event.data.complaintWindowEndsAt,
          answerCharacter: draft?.answerCharacter ?? 'explained',
        },
        rating: undefined,
      };
    }
    case 'AppealTerminated':
      return { ...a, status: 'terminated', terminatedAt: event.data.terminatedAt };
    case 'AppealWithdrawn':
      return { ...a, status: 'withdrawn' };
    case 'AnswerRated':
      return { ...a, rating: { score: event.data.score, comment: event.data.comment } };
    case 'AppealReopened':
      return {
        ...a,
        status: 'in_progress',
        answer: undefined,
        drafts: {},
        rating: undefined,
        deadline: event.data.newDeadline,
        deemedRefused: false,
      };
    case 'ComplaintFiled':
      return { ...a, complaints: [...a.complaints, event.data.complaintAppealId] };
    case 'AppealDeemedRefused':
      return { ...a, deemedRefused: true };
    default:
      return a;
  }
}
