import type { EventData } from '@appeals/contracts';
import type { Appeal, AppealEvent, AppealState, ComplaintFacts, ForwardedPart } from './types';

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

/** The appeal as its AppealSubmitted event starts it (registration follows in the next event). */
export function submittedAppeal(d: EventData<'AppealSubmitted'>): Appeal {
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
    agencyId: undefined,
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
      return {
        ...a,
        status: 'routed',
        agencyId: event.data.agencyId,
        lawEnforcementReached: a.lawEnforcementReached || event.data.lawEnforcement === true,
      };
    case 'AppealNeedsTriage':
      return { ...a, status: 'needs_triage' };
    case 'AppealForwarded':
      if (event.data.scope === 'part')
        return { ...a, partForwards: [...a.partForwards, forwardedPart(event.data)] };
      return {
        ...a,
        status: 'routed',
        agencyId: event.data.toAgencyId,
        lastForwardedTo: event.data.toAgencyId,
        executorIds: [],
        leadExecutorId: undefined,
        drafts: {},
        latestDraftId: undefined,
        // The receiving body runs its own procedure: its own term, forwarding window and extension limit (from
        // its receipt), its own hearing, no extension yet. Events without receivedOn keep the first body's window.
        hearing: undefined,
        extended: false,
        deadline: event.data.newDeadline ?? a.deadline,
        procedureStartedOn: event.data.receivedOn ?? a.procedureStartedOn,
        forwardBy: event.data.forwardBy ?? a.forwardBy,
        deemedRefused: false,
        lawEnforcementReached: a.lawEnforcementReached || event.data.lawEnforcement === true,
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
        reopenedFor: undefined,
      };
    }
    case 'AppealTerminated':
      return {
        ...a,
        status: 'terminated',
        terminatedAt: event.data.terminatedAt,
        termination: { ground: event.data.ground, groundText: event.data.groundText },
      };
    case 'AppealWithdrawn':
      return { ...a, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt };
    case 'AnswerRated':
      return { ...a, rating: { score: event.data.score, comment: event.data.comment } };
    case 'AppealReopened':
      return {
        ...a,
        status: 'in_progress',
        answer: undefined,
        drafts: {},
        latestDraftId: undefined,
        rating: undefined,
        reopenedFor: event.data.reason,
        // the procedure runs again from the reopening: its term, forwarding window and extension limit
        deadline: event.data.newDeadline,
        procedureStartedOn: event.data.reopenedOn ?? a.procedureStartedOn,
        forwardBy: event.data.forwardBy ?? a.forwardBy,
        extended: false,
        deemedRefused: false,
      };
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
      return { ...a, status: 'merged', mergedInto: event.data.intoAppealId };
    case 'DuplicateAppealMerged':
      return { ...a, mergedDuplicates: [...a.mergedDuplicates, event.data.duplicateAppealId] };
    default:
      return a;
  }
}
