import { isOpenStatus, type AppealEvent, type EventEnvelope } from '@appeals/contracts';

/** Collections this service owns in the read store. */
export const Views = {
  detail: 'appeal_detail',
  summary: 'appeal_summary',
  personal: 'appeal_personal',
} as const;

/**
 * The personal data of one appeal, opened by the projector (ADR 0006): kept apart from the detail view so an
 * erasure replaces it whole with the `erased` marker.
 */
export interface PersonalView {
  appealId: string;
  subjectId: string;
  personalData: 'present' | 'erased';
  /** `{ type, fullName, iin, … }`, or `{ type, personalData: 'erased' }` */
  applicant: { type: string } & Record<string, unknown>;
  /** the appeal's text, or `'erased'` */
  text: string;
  erasedAt?: string;
}

export interface TimelineEntry {
  type: string;
  at: string;
  by?: string | undefined;
  role?: string | undefined;
  service?: string | undefined;
  summary: Record<string, unknown>;
}

/** Everything about one appeal a reader may need (access is checked on the way out). */
export interface AppealDetail {
  appealId: string;
  registrationNumber?: string;
  status: string;
  profileId: string;
  kind: string;
  categoryId: string;
  regionKato: string;
  language: string;
  subject: string;
  /** whose data key seals this appeal's personal data (the erase command takes it) */
  subjectId: string;
  /** the kind of applicant only; who they are is in the personal view */
  applicant: { type: string };
  applicantAccountId?: string;
  trackingCodeHash: string;
  addressedAgencyId?: string;
  agencyId?: string;
  channel: string;
  receivedAt: string;
  registeredAt?: string;
  deadline?: { dueOn: string; dueAt: string; termDays: number; regime: string };
  forwardBy?: string;
  executorIds: string[];
  leadExecutorId?: string;
  hearing?: Record<string, unknown>;
  extensions: Array<Record<string, unknown>>;
  forwards: Array<Record<string, unknown>>;
  drafts: Record<string, Record<string, unknown>>;
  answer?: Record<string, unknown>;
  rating?: { score: number; comment?: string };
  complaints: Array<Record<string, unknown>>;
  origin: Record<string, unknown>;
  deemedRefused: boolean;
  closedAt?: string;
  timeline: TimelineEntry[];
  updatedAt: string;
}

/** Applies one event to the detail view (pure). Returns undefined for an event about an unknown appeal. */
export function applyToDetail(
  doc: AppealDetail | undefined,
  env: EventEnvelope,
  event: AppealEvent,
): AppealDetail | undefined {
  const entry: TimelineEntry = {
    type: event.type,
    at: env.time,
    by: env.metadata.actor?.id,
    role: env.metadata.actor?.role,
    service: env.metadata.service,
    summary: summarize(event),
  };
  if (event.type === 'AppealSubmitted') {
    const d = event.data;
    return {
      appealId: d.appealId,
      status: 'submitted',
      profileId: d.profileId,
      kind: d.kind,
      categoryId: d.categoryId,
      regionKato: d.regionKato,
      language: d.language,
      subject: d.subject,
      subjectId: d.text.subjectId,
      applicant: { type: d.applicant.type },
      ...(d.applicantAccountId ? { applicantAccountId: d.applicantAccountId } : {}),
      trackingCodeHash: d.trackingCodeHash,
      ...(d.addressedAgencyId ? { addressedAgencyId: d.addressedAgencyId } : {}),
      channel: d.channel,
      receivedAt: d.receivedAt,
      executorIds: [],
      extensions: [],
      forwards: [],
      drafts: {},
      complaints: [],
      origin: d.origin,
      deemedRefused: false,
      timeline: [entry],
      updatedAt: env.time,
    };
  }
  if (!doc) return undefined;
  const next: AppealDetail = { ...doc, timeline: [...doc.timeline, entry], updatedAt: env.time };
  switch (event.type) {
    case 'AppealRegistered':
      return {
        ...next,
        status: 'registered',
        registrationNumber: event.data.registrationNumber,
        registeredAt: event.data.registeredAt,
        deadline: event.data.deadline,
        forwardBy: event.data.forwardBy,
      };
    case 'AppealRouted':
      return { ...next, status: 'routed', agencyId: event.data.agencyId };
    case 'AppealNeedsTriage':
      return { ...next, status: 'needs_triage' };
    case 'AppealForwarded': {
      const forwards = [...doc.forwards, { ...event.data }];
      if (event.data.scope === 'part') return { ...next, forwards };
      return {
        ...next,
        forwards,
        status: 'routed',
        agencyId: event.data.toAgencyId,
        executorIds: [],
        drafts: {},
        deemedRefused: false,
        ...(event.data.newDeadline ? { deadline: event.data.newDeadline } : {}),
      };
    }
    case 'ExecutorsAssigned':
      return {
        ...next,
        status: 'in_progress',
        executorIds: event.data.executorIds,
        leadExecutorId: event.data.leadExecutorId,
      };
    case 'DeadlineExtended':
      return {
        ...next,
        deadline: event.data.newDeadline,
        extensions: [...doc.extensions, { ...event.data, at: env.time }],
      };
    case 'HearingHeld':
      return { ...next, hearing: { held: true, heldAt: event.data.heldAt, notes: event.data.notes } };
    case 'HearingWaived':
      return { ...next, hearing: { held: false, reason: event.data.reason } };
    case 'AnswerDrafted':
      return {
        ...next,
        drafts: { ...doc.drafts, [event.data.draftId]: { ...event.data, approved: false, at: env.time } },
      };
    case 'AnswerApproved': {
      const draft = doc.drafts[event.data.draftId];
      return draft
        ? {
            ...next,
            drafts: {
              ...doc.drafts,
              [event.data.draftId]: { ...draft, approved: true, approvedBy: event.data.approvedBy },
            },
          }
        : next;
    }
    case 'AnswerSent': {
      const draft = doc.drafts[event.data.draftId] ?? {};
      return {
        ...next,
        status: 'answered',
        answer: {
          text: draft.text,
          decisionKind: draft.decisionKind,
          answerCharacter: draft.answerCharacter,
          language: draft.language,
          sentAt: event.data.sentAt,
          onTime: event.data.onTime,
          complaintWindowEndsAt: event.data.complaintWindowEndsAt,
        },
      };
    }
    case 'AppealTerminated':
      return { ...next, status: 'terminated', closedAt: event.data.terminatedAt };
    case 'AppealWithdrawn':
      return { ...next, status: 'withdrawn', closedAt: event.data.withdrawnAt };
    case 'AnswerRated':
      return {
        ...next,
        rating: { score: event.data.score, ...(event.data.comment ? { comment: event.data.comment } : {}) },
      };
    case 'AppealReopened': {
      // The answer goes back for review, and its rating with it: the next answer starts unrated (as in the decider).
      const { answer: _answer, rating: _rating, ...rest } = next;
      return {
        ...rest,
        status: 'in_progress',
        drafts: {},
        deadline: event.data.newDeadline,
        deemedRefused: false,
      };
    }
    case 'ComplaintFiled': {
      // the reason is sealed; it is the complaint appeal's text, opened there
      const { appealId: _a, reason: _r, ...complaint } = event.data;
      return { ...next, complaints: [...doc.complaints, complaint] };
    }
    case 'AppealDeemedRefused':
      return { ...next, deemedRefused: true };
    default:
      return next;
  }
}

/** The small document inboxes and cabinets list. */
export function toSummary(d: AppealDetail) {
  return {
    appealId: d.appealId,
    registrationNumber: d.registrationNumber ?? null,
    status: d.status,
    open: isOpenStatus(d.status),
    kind: d.kind,
    categoryId: d.categoryId,
    subject: d.subject,
    agencyId: d.agencyId ?? d.addressedAgencyId ?? null,
    routed: d.agencyId !== undefined,
    applicantAccountId: d.applicantAccountId ?? null,
    registeredAt: d.registeredAt ?? null,
    dueOn: d.deadline?.dueOn ?? null,
    dueAt: d.deadline?.dueAt ?? null,
    executorIds: d.executorIds,
    deemedRefused: d.deemedRefused,
    answeredAt: (d.answer?.sentAt as string | undefined) ?? null,
    answeredOnTime: (d.answer?.onTime as boolean | undefined) ?? null,
    rating: d.rating?.score ?? null,
    updatedAt: d.updatedAt,
  };
}

/** What a timeline shows of an event: the facts, never the applicant's personal data. */
function summarize(event: AppealEvent): Record<string, unknown> {
  switch (event.type) {
    case 'AppealSubmitted':
      return { kind: event.data.kind, channel: event.data.channel, receivedAt: event.data.receivedAt };
    case 'ComplaintFiled':
      return { complaintAppealId: event.data.complaintAppealId, higherAgencyId: event.data.higherAgencyId };
    case 'AnswerDrafted':
      return {
        draftId: event.data.draftId,
        decisionKind: event.data.decisionKind,
        answerCharacter: event.data.answerCharacter,
      };
    default: {
      const { appealId: _id, ...rest } = event.data as { appealId: string } & Record<string, unknown>;
      return rest;
    }
  }
}
