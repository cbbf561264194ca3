import {
  OPEN_STATUSES,
  ROUTED_STATUSES,
  UNROUTED_STATUSES,
  type EventData,
  type OpenStatus,
  type RoutedStatus,
} from '@appeals/contracts';
import type {
  AnsweredAppeal,
  Appeal,
  AppealIn,
  AppealState,
  ComplaintFacts,
  ForwardedPart,
  InProgressAppeal,
  MergedAppeal,
  RoutedAppeal,
  TerminatedAppeal,
  UnroutedAppeal,
  WithdrawnAppeal,
} from './appeal.state';
import { hasStatus } from './appeal.guards';
import type { AppealEvent } from './types';

// Each status-changing event builds its arm from the arm(s) the decider emits it from (one helper per transition).
// Met in any other status — a stream the decider never writes — it leaves the state as it was, so a state never
// claims a status without the fields that status carries (ADR 0026). The other events apply in
// every status.

/** A complaint appeal's own facts, from its origin. */
const complaintFacts = (origin: EventData<'AppealSubmitted'>['origin']): ComplaintFacts | undefined =>
  origin.type === 'complaint'
    ? {
        againstAgencyId: origin.againstAgencyId,
        reviewerAgencyId: origin.reviewerAgencyId,
        late: origin.late,
        termRestored: false,
      }
    : undefined;

/**
 * The appeal as its AppealSubmitted event starts it. Registration follows in the same append (ADR 0011): until
 * AppealRegistered is folded, the number, dates, deadline and window are empty.
 */
export function submittedAppeal(d: EventData<'AppealSubmitted'>): UnroutedAppeal {
  return {
    status: 'registered',
    appealId: d.appealId,
    profileId: d.profileId,
    kind: d.kind,
    categoryId: d.categoryId,
    regionKato: d.regionKato,
    language: d.language,
    subject: d.subject,
    channel: d.channel,
    applicant: d.applicant,
    applicantType: d.applicant.type,
    subjectId: d.text.subjectId,
    applicantAccountId: d.applicantAccountId,
    trackingCodeHash: d.trackingCodeHash,
    addressedAgencyId: d.addressedAgencyId,
    isAboutCrimeOrThreat: d.isAboutCrimeOrThreat,
    lawEnforcementReached: false,
    complaint: complaintFacts(d.origin),
    registrationNumber: '',
    registeredOn: '',
    registeredAt: '',
    deadline: { dueOn: '', dueAt: '', termDays: 1, regime: 'working' },
    procedureStartedOn: '',
    forwardBy: '',
    executorIds: [],
    hearing: undefined,
    extended: false,
    drafts: {},
    partForwards: [],
    complaints: [],
    deemedRefused: false,
    duplicatesChecked: false,
    mergedDuplicates: [],
  };
}

/** A forwarded part as the state keeps it: which linked appeal, to which body, about what. */
const forwardedPart = (d: EventData<'AppealForwarded'>): ForwardedPart => ({
  childAppealId: d.childAppealId ?? '',
  toAgencyId: d.toAgencyId,
  ...(d.partDescription === undefined ? {} : { partDescription: d.partDescription }),
});

/** AppealRouted: the body the rules or staff chose has it. */
const routed = (a: UnroutedAppeal, d: EventData<'AppealRouted'>): RoutedAppeal => ({
  ...a,
  status: 'routed',
  agencyId: d.agencyId,
  lawEnforcementReached: a.lawEnforcementReached || d.lawEnforcement === true,
});

/**
 * AppealForwarded whole: the receiving body has it and runs its own procedure — its own term, forwarding window and
 * extension limit (from its receipt), its own executors, drafts and hearing, no extension yet. Events without
 * receivedOn keep the first body's window.
 */
const forwardedWhole = (a: AppealIn<RoutedStatus>, d: EventData<'AppealForwarded'>): RoutedAppeal => ({
  ...a,
  status: 'routed',
  agencyId: d.toAgencyId,
  lastForwardedTo: d.toAgencyId,
  executorIds: [],
  leadExecutorId: undefined,
  drafts: {},
  latestDraftId: undefined,
  hearing: undefined,
  extended: false,
  deadline: d.newDeadline ?? a.deadline,
  procedureStartedOn: d.receivedOn ?? a.procedureStartedOn,
  forwardBy: d.forwardBy ?? a.forwardBy,
  deemedRefused: false,
  lawEnforcementReached: a.lawEnforcementReached || d.lawEnforcement === true,
});

/** ExecutorsAssigned: the body's executors work on it, one answering for it. */
const assigned = (a: AppealIn<RoutedStatus>, d: EventData<'ExecutorsAssigned'>): InProgressAppeal => ({
  ...a,
  status: 'in_progress',
  executorIds: d.executorIds,
  leadExecutorId: d.leadExecutorId,
});

/** AnswerSent: the latest approved draft is the answer (the decider sends only a draft it holds). */
function answered(a: InProgressAppeal, d: EventData<'AnswerSent'>): AnsweredAppeal {
  const draft = a.drafts[d.draftId];
  return {
    ...a,
    status: 'answered',
    answer: {
      draftId: d.draftId,
      sentAt: d.sentAt,
      complaintWindowEndsAt: d.complaintWindowEndsAt,
      answerCharacter: draft?.answerCharacter ?? 'explained',
    },
    reopenedFor: undefined,
  };
}

/** AppealReopened: the applicant sent the answer back; the body works on it again, from the reopening. */
function reopened(a: AnsweredAppeal, d: EventData<'AppealReopened'>): InProgressAppeal {
  const { answer: _answer, rating: _rating, ...rest } = a;
  return {
    ...rest,
    status: 'in_progress',
    drafts: {},
    latestDraftId: undefined,
    reopenedFor: d.reason,
    // the procedure runs again from the reopening: its term, forwarding window and extension limit
    deadline: d.newDeadline,
    procedureStartedOn: d.reopenedOn ?? a.procedureStartedOn,
    forwardBy: d.forwardBy ?? a.forwardBy,
    extended: false,
    deemedRefused: false,
  };
}

/** AppealTerminated: an open appeal, or one the applicant withdrew (ground `withdrawn`), ends on its ground. */
const terminated = (
  a: AppealIn<OpenStatus | 'withdrawn'>,
  d: EventData<'AppealTerminated'>,
): TerminatedAppeal => ({
  ...a,
  status: 'terminated',
  terminatedAt: d.terminatedAt,
  termination: { ground: d.ground, groundText: d.groundText },
});

/** AppealWithdrawn: the applicant withdrew the open appeal. */
const withdrawn = (a: AppealIn<OpenStatus>, d: EventData<'AppealWithdrawn'>): WithdrawnAppeal => ({
  ...a,
  status: 'withdrawn',
  withdrawnAt: d.withdrawnAt,
});

/** AppealMerged: the open appeal is closed as a duplicate of another. */
const merged = (a: AppealIn<OpenStatus>, d: EventData<'AppealMerged'>): MergedAppeal => ({
  ...a,
  status: 'merged',
  mergedInto: d.intoAppealId,
});

/** Applies one event to the state. Pure; unknown facts never fail a replay. */
export function evolve(state: AppealState, event: AppealEvent): AppealState {
  if (event.type === 'AppealSubmitted') return submittedAppeal(event.data);
  if (state.status === 'none') return state;
  return evolveAppeal(state, event);
}

/** Applies one event to an appeal that exists. */
export function evolveAppeal(a: Appeal, event: AppealEvent): Appeal {
  switch (event.type) {
    case 'AppealRegistered':
      return {
        ...a,
        registrationNumber: event.data.registrationNumber,
        registeredOn: event.data.registeredOn,
        registeredAt: event.data.registeredAt,
        deadline: event.data.deadline,
        procedureStartedOn: event.data.registeredOn,
        forwardBy: event.data.forwardBy,
      };
    case 'AppealRouted':
      return hasStatus(a, UNROUTED_STATUSES) ? routed(a, event.data) : a;
    case 'AppealNeedsTriage':
      return hasStatus(a, UNROUTED_STATUSES) ? { ...a, status: 'needs_triage' } : a;
    case 'AppealForwarded':
      if (event.data.scope === 'part')
        return { ...a, partForwards: [...a.partForwards, forwardedPart(event.data)] };
      return hasStatus(a, ROUTED_STATUSES) ? forwardedWhole(a, event.data) : a;
    case 'ExecutorsAssigned':
      return hasStatus(a, ROUTED_STATUSES) ? assigned(a, event.data) : a;
    case 'DeadlineExtended':
      return { ...a, deadline: event.data.newDeadline, extended: true };
    case 'HearingHeld':
      return { ...a, hearing: { held: true, heldAt: event.data.heldAt } };
    case 'HearingWaived':
      return { ...a, hearing: { held: false, reason: event.data.reason } };
    default:
      return evolveAnswered(a, event);
  }
}

/** The events of the answer and after it. */
function evolveAnswered(a: Appeal, event: AppealEvent): Appeal {
  switch (event.type) {
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
            text: event.data.text,
            ...(event.data.complaintOutcome ? { complaintOutcome: event.data.complaintOutcome } : {}),
            approved: false,
          },
        },
        latestDraftId: event.data.draftId,
      };
    case 'AnswerApproved': {
      const draft = a.drafts[event.data.draftId];
      return draft ? { ...a, drafts: { ...a.drafts, [draft.draftId]: { ...draft, approved: true } } } : a;
    }
    case 'AnswerSent':
      return a.status === 'in_progress' ? answered(a, event.data) : a;
    case 'AppealTerminated':
      return hasStatus(a, [...OPEN_STATUSES, 'withdrawn']) ? terminated(a, event.data) : a;
    case 'AppealWithdrawn':
      return hasStatus(a, OPEN_STATUSES) ? withdrawn(a, event.data) : a;
    case 'AnswerRated':
      return a.status === 'answered'
        ? { ...a, rating: { score: event.data.score, comment: event.data.comment } }
        : a;
    case 'AppealReopened':
      return a.status === 'answered' ? reopened(a, event.data) : a;
    case 'ComplaintFiled':
      return {
        ...a,
        complaints: [...a.complaints, event.data.complaintAppealId],
        lastComplaintFiledAt: event.data.filedAt,
      };
    case 'AppealDeemedRefused':
      return { ...a, deemedRefused: true };
    case 'ComplaintTermRestored':
      return a.complaint ? { ...a, complaint: { ...a.complaint, termRestored: true } } : a;
    case 'AppealDeadlineRecomputed':
      return { ...a, deadline: event.data.newDeadline, forwardBy: event.data.forwardBy };
    default:
      return evolveDuplicates(a, event);
  }
}

/** The duplicates found at intake and the merges. */
function evolveDuplicates(a: Appeal, event: AppealEvent): Appeal {
  switch (event.type) {
    case 'AppealPossibleDuplicatesFound':
      return { ...a, duplicatesChecked: true };
    case 'AppealMerged':
      return hasStatus(a, OPEN_STATUSES) ? merged(a, event.data) : a;
    case 'DuplicateAppealMerged':
      return { ...a, mergedDuplicates: [...a.mergedDuplicates, event.data.duplicateAppealId] };
    default:
      return a;
  }
}
