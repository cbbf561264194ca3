import {
  isOpenStatus,
  type AppealEvent,
  type AppealEventType,
  type EventData,
  type EventEnvelope,
  type Remark,
  type Sealed,
  type StoredApplicant,
} from '@appeals/contracts';

/** Collections this service owns in the read store. */
export const Views = {
  detail: 'appeal_detail',
  summary: 'appeal_summary',
  /** the personal data opened by projectors before the views held it sealed: read for older details only */
  personal: 'appeal_personal',
  /** per-agency statistics by day of registration, with month and year roll-ups (statsBuckets.ts) */
  stats: 'appeal_stats',
  /** the (agency, day) buckets whose summaries changed since they were last recomputed (statsDirty.ts) */
  statsDirty: 'appeal_stats_dirty',
  /** the public FAQ: one document per entry the press published (faqView.ts) */
  faq: 'faq_entry',
} as const;

/**
 * The personal data of one appeal as projectors opened it before the views held it sealed (ADR 0006): kept apart
 * from the detail view so an erasure replaces it whole with the `erased` marker. No longer written; a detail without
 * `sealed` (written by such a projector) is read with it until a rebuild writes the views afresh.
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

/** Another appeal a detail links to as a (possible) duplicate. */
export interface DuplicateLink {
  appealId: string;
  registrationNumber: string;
  reasons?: string[];
  score?: number;
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
  /** the kind of applicant only; who they are is sealed in `sealed` */
  applicant: { type: string };
  /**
   * the applicant block and the text as the AppealSubmitted event carries them, sealed: the read route opens them
   * for a reader allowed to see the appeal (absent in details written before the views held them sealed)
   */
  sealed?: { applicant: StoredApplicant; text: Sealed; location?: Sealed };
  applicantAccountId?: string;
  trackingCodeHash: string;
  addressedAgencyId?: string;
  agencyId?: string;
  channel: string;
  receivedAt: string;
  registeredAt?: string;
  /** `provisional` when counted across a year whose calendar was not loaded (recomputed once it is) */
  deadline?: { dueOn: string; dueAt: string; termDays: number; regime: string; provisional?: boolean };
  forwardBy?: string;
  /** the day the procedure at the body that has the appeal started (registration, receipt of a whole forward,
   * reopening): its forwarding window and extension limit count from it */
  procedureStartedOn?: string;
  executorIds: string[];
  leadExecutorId?: string;
  hearing?: Record<string, unknown>;
  extensions: Array<Record<string, unknown>>;
  forwards: Array<Record<string, unknown>>;
  drafts: Record<string, Record<string, unknown>>;
  answer?: Record<string, unknown>;
  /** the comment is sealed (clear in events written before remarks were sealed); opened for readers */
  rating?: { score: number; comment?: Remark };
  complaints: Array<Record<string, unknown>>;
  origin: Record<string, unknown>;
  deemedRefused: boolean;
  closedAt?: string;
  /** earlier appeals intake took for possible duplicates (shown to staff, docs/duplicates.md) */
  possibleDuplicates?: DuplicateLink[];
  /** the appeal this one was merged into: its answer is this one's */
  mergedInto?: { appealId: string; registrationNumber: string };
  /** duplicates merged into this one, which its answer answers too */
  mergedDuplicates?: DuplicateLink[];
  timeline: TimelineEntry[];
  updatedAt: string;
}

/**
 * The timeline entry of one event: who did what when, and a summary without clear personal data (the applicant's
 * remarks in it stay sealed, opened for readers).
 */
const timelineEntry = (env: EventEnvelope, event: AppealEvent): TimelineEntry => ({
  type: event.type,
  at: env.time,
  by: env.metadata.actor?.id,
  role: env.metadata.actor?.role,
  service: env.metadata.service,
  summary: summarize(event),
});

/** The detail view an appeal starts with, from its AppealSubmitted event. */
const submittedDetail = (
  d: EventData<'AppealSubmitted'>,
  entry: TimelineEntry,
  time: string,
): AppealDetail => ({
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
  sealed: { applicant: d.applicant, text: d.text, ...(d.location ? { location: d.location } : {}) },
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
  updatedAt: time,
});

/**
 * Applies one event of type K to an existing detail view: `next` is `doc` with the event's timeline entry and
 * time already added; `doc` is the view before the event.
 */
type DetailApplier<K extends AppealEventType> = (
  next: AppealDetail,
  data: EventData<K>,
  doc: AppealDetail,
  time: string,
) => AppealDetail;

/** Routing: registration, routing, forwarding and assignment. */
const routingAppliers: { [K in AppealEventType]?: DetailApplier<K> } = {
  AppealRegistered: (next, d) => ({
    ...next,
    status: 'registered',
    registrationNumber: d.registrationNumber,
    registeredAt: d.registeredAt,
    deadline: d.deadline,
    forwardBy: d.forwardBy,
    procedureStartedOn: d.registeredOn,
  }),
  AppealRouted: (next, d) => ({ ...next, status: 'routed', agencyId: d.agencyId }),
  AppealNeedsTriage: (next) => ({ ...next, status: 'needs_triage' }),
  AppealForwarded: (next, d, doc) => {
    const forwards = [...doc.forwards, { ...d }];
    if (d.scope === 'part') return { ...next, forwards };
    return {
      ...next,
      forwards,
      status: 'routed',
      agencyId: d.toAgencyId,
      executorIds: [],
      drafts: {},
      deemedRefused: false,
      ...(d.newDeadline ? { deadline: d.newDeadline } : {}),
      ...(d.forwardBy ? { forwardBy: d.forwardBy } : {}),
      ...(d.receivedOn ? { procedureStartedOn: d.receivedOn } : {}),
    };
  },
  ExecutorsAssigned: (next, d) => ({
    ...next,
    status: 'in_progress',
    executorIds: d.executorIds,
    leadExecutorId: d.leadExecutorId,
  }),
};

/** The work on the answer: deadline extensions, the hearing, drafts, approval and sending. */
const responseAppliers: { [K in AppealEventType]?: DetailApplier<K> } = {
  DeadlineExtended: (next, d, doc, time) => ({
    ...next,
    deadline: d.newDeadline,
    extensions: [...doc.extensions, { ...d, at: time }],
  }),
  HearingHeld: (next, d) => ({ ...next, hearing: { held: true, heldAt: d.heldAt, notes: d.notes } }),
  HearingWaived: (next, d) => ({ ...next, hearing: { held: false, reason: d.reason } }),
  AnswerDrafted: (next, d, doc, time) => ({
    ...next,
    drafts: { ...doc.drafts, [d.draftId]: { ...d, approved: false, at: time } },
  }),
  AnswerApproved: (next, d, doc) => {
    const draft = doc.drafts[d.draftId];
    return draft
      ? {
          ...next,
          drafts: { ...doc.drafts, [d.draftId]: { ...draft, approved: true, approvedBy: d.approvedBy } },
        }
      : next;
  },
  AnswerSent: (next, d, doc) => {
    const draft = doc.drafts[d.draftId] ?? {};
    return {
      ...next,
      status: 'answered',
      answer: {
        text: draft.text,
        decisionKind: draft.decisionKind,
        answerCharacter: draft.answerCharacter,
        language: draft.language,
        sentAt: d.sentAt,
        onTime: d.onTime,
        complaintWindowEndsAt: d.complaintWindowEndsAt,
      },
    };
  },
};

/** The end of an appeal and what may follow it: closing, rating, reopening, complaints, deemed refusal. */
const closingAppliers: { [K in AppealEventType]?: DetailApplier<K> } = {
  AppealTerminated: (next, d) => ({ ...next, status: 'terminated', closedAt: d.terminatedAt }),
  AppealWithdrawn: (next, d) => ({ ...next, status: 'withdrawn', closedAt: d.withdrawnAt }),
  AnswerRated: (next, d) => ({
    ...next,
    rating: { score: d.score, ...(d.comment ? { comment: d.comment } : {}) },
  }),
  AppealReopened: (next, d) => {
    // The answer goes back for review, and its rating with it: the next answer starts unrated (as in the decider).
    const { answer: _answer, rating: _rating, ...rest } = next;
    return {
      ...rest,
      status: 'in_progress',
      drafts: {},
      deadline: d.newDeadline,
      ...(d.forwardBy ? { forwardBy: d.forwardBy } : {}),
      ...(d.reopenedOn ? { procedureStartedOn: d.reopenedOn } : {}),
      deemedRefused: false,
    };
  },
  ComplaintFiled: (next, d, doc) => {
    // the reason is sealed; it is the complaint appeal's text, opened there
    const { appealId: _a, reason: _r, ...complaint } = d;
    return { ...next, complaints: [...doc.complaints, complaint] };
  },
  AppealDeemedRefused: (next) => ({ ...next, deemedRefused: true }),
  AppealDeadlineRecomputed: (next, d) => ({ ...next, deadline: d.newDeadline, forwardBy: d.forwardBy }),
};

/** Possible duplicates found at intake, and merges (one case, one answer). */
const duplicateAppliers: { [K in AppealEventType]?: DetailApplier<K> } = {
  AppealPossibleDuplicatesFound: (next, d) => ({ ...next, possibleDuplicates: d.matches }),
  AppealMerged: (next, d) => ({
    ...next,
    status: 'merged',
    mergedInto: { appealId: d.intoAppealId, registrationNumber: d.intoRegistrationNumber },
    closedAt: d.mergedAt,
  }),
  DuplicateAppealMerged: (next, d, doc) => ({
    ...next,
    mergedDuplicates: [
      ...(doc.mergedDuplicates ?? []),
      { appealId: d.duplicateAppealId, registrationNumber: d.duplicateRegistrationNumber },
    ],
  }),
};

/** Every event type that changes more than the timeline; the others only add their entry. */
const detailAppliers: { [K in AppealEventType]?: DetailApplier<K> } = {
  ...routingAppliers,
  ...responseAppliers,
  ...closingAppliers,
  ...duplicateAppliers,
};

/** Applies one event to the detail view (pure). Returns undefined for an event about an unknown appeal. */
export function applyToDetail(
  doc: AppealDetail | undefined,
  env: EventEnvelope,
  event: AppealEvent,
): AppealDetail | undefined {
  const entry = timelineEntry(env, event);
  if (event.type === 'AppealSubmitted') return submittedDetail(event.data, entry, env.time);
  if (!doc) return undefined;
  const next: AppealDetail = { ...doc, timeline: [...doc.timeline, entry], updatedAt: env.time };
  const apply = detailAppliers[event.type] as DetailApplier<AppealEventType> | undefined;
  return apply ? apply(next, event.data, doc, env.time) : next;
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
    /** where the matter is and the language it is written in: the topics and surges read them (ADR topics and surges) */
    regionKato: d.regionKato,
    language: d.language,
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

/** What a timeline shows of an event: the facts, never the applicant's personal data in clear. */
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
