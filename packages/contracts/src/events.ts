import { z } from 'zod';
import {
  DUPLICATE_REASONS,
  NOTICE_TEMPLATES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_SKIP_REASONS,
  SURGE_DIRECTIONS,
  type AppealEventType,
  type FaqEventType,
  type NotificationEventType,
} from './vocabulary';
import {
  Actor,
  AnswerCharacter,
  AppealId,
  Channel,
  ComplaintOutcome,
  Deadline,
  DecisionKind,
  Instant,
  KatoCode,
  Language,
  LocalDate,
  Remark,
  Sealed,
  StoredApplicant,
  TerminationGround,
} from './common';

// Event payloads, each in its current version. A type never changes meaning; a new shape gets a new version and an
// upcaster from the one before (versions.ts, ADR on event versioning).

/** A complaint filed after its window closed (APPK Art. 92): registered all the same, with the facts. */
const LateComplaint = z.object({ windowEndsAt: Instant, filedAt: Instant });

const Origin = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }),
  z.object({ type: z.literal('forwarded_part'), parentAppealId: AppealId, fromAgencyId: z.string() }),
  z.object({
    type: z.literal('complaint'),
    complainedAppealId: AppealId,
    /** the body complained about: the complaint goes through it (it may satisfy it itself) */
    againstAgencyId: z.string(),
    /** the higher body that reviews the complaint when the body complained about does not satisfy it */
    reviewerAgencyId: z.string().optional(),
    late: LateComplaint.optional(),
  }),
]);

export const AppealSubmitted = z.object({
  appealId: AppealId,
  profileId: z.string(),
  kind: z.string(),
  categoryId: z.string(),
  regionKato: KatoCode,
  language: Language,
  subject: z.string(),
  /** the applicant's own words: sealed, they may name people and addresses (ADR 0006) */
  text: Sealed,
  applicant: StoredApplicant,
  /**
   * where the matter is ({@link AppealLocation} as JSON), sealed under the appeal's data subject, purpose `location`;
   * absent when none was given and in events written before appeals had one (an optional addition: still version 1)
   */
  location: Sealed.optional(),
  applicantAccountId: z.string().optional(),
  addressedAgencyId: z.string().optional(),
  isAboutCrimeOrThreat: z.boolean(),
  channel: Channel,
  receivedAt: Instant,
  trackingCodeHash: z.string(),
  submittedBy: Actor.optional(),
  origin: Origin,
});

export const AppealRegistered = z.object({
  appealId: AppealId,
  registrationNumber: z.string(),
  registeredAt: Instant,
  registeredOn: LocalDate,
  deferred: z.boolean(),
  deadline: Deadline,
  forwardBy: Instant,
  registeredBy: Actor.optional(),
});

export const AppealRouted = z.object({
  appealId: AppealId,
  agencyId: z.string(),
  by: z.enum(['rules', 'staff']),
  ruleId: z.string().optional(),
  note: z.string().optional(),
  /** routed to a law-enforcement body (an anonymous report of a crime or threat must reach one) */
  lawEnforcement: z.boolean().optional(),
});

export const AppealNeedsTriage = z.object({ appealId: AppealId, reason: z.string() });

export const AppealForwarded = z.object({
  appealId: AppealId,
  fromAgencyId: z.string(),
  toAgencyId: z.string(),
  scope: z.enum(['whole', 'part']),
  partDescription: z.string().optional(),
  childAppealId: AppealId.optional(),
  reason: z.string(),
  forwardedAt: Instant,
  withinWindow: z.boolean(),
  applicantNotifiedAt: Instant,
  newDeadline: Deadline.optional(),
  /** forwarded to a law-enforcement body */
  lawEnforcement: z.boolean().optional(),
  /**
   * whole: the day the receiving body registers it; its own procedure (term, forwarding window, extension limit)
   * counts from it. Absent in events written before it was recorded: the first registration's window then stands.
   */
  receivedOn: LocalDate.optional(),
  /** whole: the end of the receiving body's own window to forward it on */
  forwardBy: Instant.optional(),
});

export const ExecutorsAssigned = z.object({
  appealId: AppealId,
  executorIds: z.array(z.string()).min(1),
  leadExecutorId: z.string(),
});

export const DeadlineExtended = z.object({
  appealId: AppealId,
  previousDeadline: Deadline,
  newDeadline: Deadline,
  reason: z.string(),
  approvedBy: z.string(),
  applicantNotifiedAt: Instant,
});

export const HearingHeld = z.object({ appealId: AppealId, heldAt: Instant, notes: z.string() });
export const HearingWaived = z.object({ appealId: AppealId, reason: z.string() });

export const AnswerDrafted = z.object({
  appealId: AppealId,
  draftId: z.uuid(),
  text: z.string(),
  decisionKind: DecisionKind,
  answerCharacter: AnswerCharacter,
  language: Language,
  complaintOutcome: ComplaintOutcome.optional(),
  draftedBy: z.string(),
});
export const AnswerApproved = z.object({ appealId: AppealId, draftId: z.uuid(), approvedBy: z.string() });
export const AnswerSent = z.object({
  appealId: AppealId,
  draftId: z.uuid(),
  sentAt: Instant,
  onTime: z.boolean(),
  complaintWindowEndsAt: Instant,
});

export const AppealTerminated = z.object({
  appealId: AppealId,
  ground: TerminationGround,
  groundText: z.string().optional(),
  /** the earlier answered appeal a `repeated_no_new_arguments` termination refers to */
  linkedAppealId: AppealId.optional(),
  terminatedAt: Instant,
});
export const AppealWithdrawn = z.object({
  appealId: AppealId,
  /** the applicant's own words: sealed since remarks are (clear in older events) */
  reason: Remark.optional(),
  withdrawnAt: Instant,
});
export const AnswerRated = z.object({
  appealId: AppealId,
  score: z.number().int().min(1).max(5),
  /** the applicant's own words: sealed since remarks are (clear in older events) */
  comment: Remark.optional(),
});
export const AppealReopened = z.object({
  appealId: AppealId,
  /** the applicant's own words: sealed since remarks are (clear in older events) */
  reason: Remark,
  newDeadline: Deadline,
  /** the day the procedure starts again (registered anew); its forwarding window and extension limit count from it */
  reopenedOn: LocalDate.optional(),
  /** the end of the window to forward it, counted from `reopenedOn` */
  forwardBy: Instant.optional(),
});
export const ComplaintFiled = z.object({
  appealId: AppealId,
  complaintAppealId: AppealId,
  higherAgencyId: z.string(),
  /** the applicant's own words (also the complaint appeal's text): sealed */
  reason: Sealed,
  filedAt: Instant,
  /** the kind the complaint was filed as (its term follows it); v2: v1 left it out before kinds were chosen */
  kind: z.string(),
  /** the body complained about, which the complaint goes through */
  againstAgencyId: z.string().optional(),
  /** until when it could be filed on time */
  windowEndsAt: Instant.optional(),
  /** filed after the window: registered anyway, the reviewer decides (leave without consideration, or restore) */
  late: LateComplaint.optional(),
  /** the language the complaint is written in (its appeal's language); absent: the complained appeal's */
  language: Language.optional(),
});
/** The reviewer restored the missed complaint term (APPK Art. 92): the late complaint is considered on its merits. */
export const ComplaintTermRestored = z.object({
  appealId: AppealId,
  reason: z.string(),
  restoredAt: Instant,
  restoredBy: z.string(),
});
export const AppealDeemedRefused = z.object({ appealId: AppealId, deadline: Deadline, detectedAt: Instant });
/** A provisional deadline counted again once the missing year's calendar was loaded (the deadline watch asks). */
export const AppealDeadlineRecomputed = z.object({
  appealId: AppealId,
  previousDeadline: Deadline,
  newDeadline: Deadline,
  /** the forwarding window counted again from the same day */
  forwardBy: Instant,
  recomputedAt: Instant,
});

/** An earlier appeal intake took for a possible duplicate of this one, and why. */
export const PossibleDuplicate = z
  .object({
    appealId: AppealId,
    registrationNumber: z.string(),
    reasons: z.array(z.enum(DUPLICATE_REASONS)).min(1),
    /** text similarity with this appeal, 0–1 (Jaccard of character trigrams, docs/duplicates.md) */
    score: z.number().min(0).max(1),
  })
  .meta({ id: 'PossibleDuplicate' });
export type PossibleDuplicate = z.infer<typeof PossibleDuplicate>;

/** Intake found earlier appeals this one may repeat (no personal data: ids, numbers, scores). */
export const AppealPossibleDuplicatesFound = z.object({
  appealId: AppealId,
  matches: z.array(PossibleDuplicate).min(1),
  /** the similarity from which a text counted as near-identical */
  threshold: z.number().min(0).max(1),
  checkedAt: Instant,
});
/** This appeal was closed as a duplicate of another: that appeal's answer is its answer. */
export const AppealMerged = z.object({
  appealId: AppealId,
  intoAppealId: AppealId,
  intoRegistrationNumber: z.string(),
  mergedAt: Instant,
});
/** A duplicate was merged into this appeal: this appeal's answer answers it too. */
export const DuplicateAppealMerged = z.object({
  appealId: AppealId,
  duplicateAppealId: AppealId,
  duplicateRegistrationNumber: z.string(),
  mergedAt: Instant,
});

/** Every event type with its payload schema. */
export const EventSchemas = {
  AppealSubmitted,
  AppealRegistered,
  AppealRouted,
  AppealNeedsTriage,
  AppealForwarded,
  ExecutorsAssigned,
  DeadlineExtended,
  HearingHeld,
  HearingWaived,
  AnswerDrafted,
  AnswerApproved,
  AnswerSent,
  AppealTerminated,
  AppealWithdrawn,
  AnswerRated,
  AppealReopened,
  ComplaintFiled,
  AppealDeemedRefused,
  ComplaintTermRestored,
  AppealDeadlineRecomputed,
  AppealPossibleDuplicatesFound,
  AppealMerged,
  DuplicateAppealMerged,
} as const satisfies Record<AppealEventType, z.ZodType>;

/** The discriminated union of the events a table of payload schemas describes. */
type EventUnion<S extends Record<string, z.ZodType>> = {
  [K in keyof S & string]: { type: K; data: z.infer<S[K]> };
}[keyof S & string];

/** Discriminated union of every appeal event. */
export type AppealEvent = EventUnion<typeof EventSchemas>;
export type EventData<K extends AppealEventType> = z.infer<(typeof EventSchemas)[K]>;

/** The service that alone may write each event type. */
export const EventOwners: Record<AppealEventType, 'intake' | 'routing' | 'response' | 'audit'> = {
  AppealSubmitted: 'intake',
  AppealRegistered: 'intake',
  AppealRouted: 'routing',
  AppealNeedsTriage: 'routing',
  AppealForwarded: 'routing',
  ExecutorsAssigned: 'response',
  DeadlineExtended: 'response',
  HearingHeld: 'response',
  HearingWaived: 'response',
  AnswerDrafted: 'response',
  AnswerApproved: 'response',
  AnswerSent: 'response',
  AppealTerminated: 'response',
  AppealWithdrawn: 'response',
  AnswerRated: 'response',
  AppealReopened: 'response',
  ComplaintFiled: 'response',
  AppealDeemedRefused: 'audit',
  ComplaintTermRestored: 'response',
  AppealDeadlineRecomputed: 'audit',
  AppealPossibleDuplicatesFound: 'intake',
  AppealMerged: 'response',
  DuplicateAppealMerged: 'response',
};

/** A payload validated by its type's schema in `schemas`; throws on an unknown type or a mismatch (ZodError). */
const parseWith =
  <E>(schemas: Record<string, z.ZodType>, what: string) =>
  (type: string, data: unknown): E => {
    const schema = schemas[type];
    if (!schema) throw new Error(`Unknown ${what} type ${type}`);
    return { type, data: schema.parse(data) } as E;
  };

/** Validates an event payload against its schema; throws a ZodError on mismatch. */
export const parseEvent: (type: string, data: unknown) => AppealEvent = parseWith(EventSchemas, 'event');

/** Versioned schema URI for an event type (CloudEvents `dataschema`). */
export const eventSchemaUri = (type: string, version = 1) => `urn:appeals:events:${type}:v${version}`;

/** An admin loaded (or replaced) a year's working-day calendar of a jurisdiction profile; stream `calendar-<profileId>`. */
export const CalendarYearLoaded = z.object({
  profileId: z.string(),
  year: z.number().int(),
  /** the year calendar document, validated by @appeals/calendar */
  calendar: z.record(z.string(), z.unknown()),
});
export type CalendarYearLoaded = z.infer<typeof CalendarYearLoaded>;

/**
 * An admin erased an applicant's personal data (crypto-shredding: the data key is deleted); stream
 * `applicant-<subjectId>`. Carries no personal data itself.
 */
export const ApplicantDataErased = z.object({
  subjectId: z.uuid(),
  erasedAt: Instant,
});
export type ApplicantDataErased = z.infer<typeof ApplicantDataErased>;

/** What every record of a notice says: which appeal event it answers, with which notice, on which channel. */
const NoticeRecord = {
  appealId: AppealId,
  /** the appeal event the notice is about (with the channel, the key that makes sending idempotent) */
  sourceEventId: z.uuid(),
  template: z.enum(NOTICE_TEMPLATES),
  /** the language the notice was written in: the appeal's */
  language: Language,
};

/**
 * A notice reached the channel (the SMTP server accepted the message; the SMS gateway took it); stream
 * `notification-<appealId>`. Carries no personal data: no address, no number, no text.
 */
export const NotificationSent = z.object({
  ...NoticeRecord,
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** 1 for the first try */
  attempt: z.number().int().positive(),
  sentAt: Instant,
});

/**
 * A try to send a notice failed; `final` when no further try follows (tries used up, or the channel refused for
 * good). `errorClass` is a class, never the error's text (which may quote the address).
 */
export const NotificationFailed = z.object({
  ...NoticeRecord,
  channel: z.enum(NOTIFICATION_CHANNELS),
  attempt: z.number().int().positive(),
  errorClass: z.enum(['connection', 'timeout', 'deferred', 'rejected', 'unknown']),
  final: z.boolean(),
  failedAt: Instant,
});

/** A notice went to nobody: the applicant's personal data was erased, or no channel reaches them. */
export const NotificationSkipped = z.object({
  ...NoticeRecord,
  reason: z.enum(NOTIFICATION_SKIP_REASONS),
  skippedAt: Instant,
});

/** Every event type of a notification stream with its payload schema. */
export const NotificationEventSchemas = {
  NotificationSent,
  NotificationFailed,
  NotificationSkipped,
} as const satisfies Record<NotificationEventType, z.ZodType>;

/** Discriminated union of the notification events. */
export type NotificationEvent = EventUnion<typeof NotificationEventSchemas>;

/** Validates a notification event payload; throws on an unknown type or a mismatch. */
export const parseNotificationEvent: (type: string, data: unknown) => NotificationEvent = parseWith(
  NotificationEventSchemas,
  'notification event',
);

/**
 * Appeals of one category in one region departed from their expected level in a week (stream
 * `surge-<categoryId>.<regionKato>`): counts and the test's figures only, no appeal and no personal data. Written
 * once per cell, week and direction (its event id derives from them); a rise may be written while the week runs
 * (`partialWeek`), since its count can only grow.
 */
export const SurgeDetected = z.object({
  categoryId: z.string(),
  regionKato: KatoCode,
  /** the week's Monday (local date) and its ISO label (`2026-W10`) */
  weekStart: LocalDate,
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  direction: z.enum(SURGE_DIRECTIONS),
  /** appeals registered in the week (so far, when `partialWeek`) */
  observed: z.number().int().nonnegative(),
  /** the baseline's mean per week */
  expected: z.number().nonnegative(),
  /** the baseline: appeals in each of the weeks before, oldest first */
  baseline: z.array(z.number().int().nonnegative()).min(1),
  /** the one-sided p-value of the conditional Poisson test, and the level it was below */
  pValue: z.number().min(0).max(1),
  alpha: z.number().gt(0).lt(1),
  /** the method and its version (a change of method gets a new name) */
  method: z.string(),
  partialWeek: z.boolean(),
  detectedAt: Instant,
});
export type SurgeDetected = z.infer<typeof SurgeDetected>;
/** Public words in some of the three languages, as the press wrote them (a FAQ entry's question or answer). */
const InLanguages = z.object({
  kk: z.string().optional(),
  ru: z.string().optional(),
  en: z.string().optional(),
});

/**
 * The press published a public question and answer (stream `faq-<entryId>`): the answered appeal whose answer it
 * approved, the entry's category (that appeal's) and every appeal it answers so far. The wording is the press's
 * own: no personal data (the appeal's text and applicant stay sealed in the appeal; nothing is copied from it).
 */
export const FaqEntryPublished = z.object({
  entryId: z.uuid(),
  categoryId: z.string(),
  sourceAppealId: AppealId,
  question: InLanguages,
  answer: InLanguages,
  /** the appeals the entry answers: the source first */
  appealIds: z.array(AppealId).min(1),
  publishedAt: Instant,
});
/** The press rewrote the entry's public wording. */
export const FaqEntryRevised = z.object({
  entryId: z.uuid(),
  question: InLanguages,
  answer: InLanguages,
  revisedAt: Instant,
});
/** More appeals of the entry's category the entry answers (those not linked before). */
export const FaqAppealsLinked = z.object({
  entryId: z.uuid(),
  appealIds: z.array(AppealId).min(1),
  linkedAt: Instant,
});
/** The press took the entry off the public FAQ. */
export const FaqEntryWithdrawn = z.object({ entryId: z.uuid(), reason: z.string(), withdrawnAt: Instant });

/** Every event type of a FAQ entry's stream with its payload schema. */
export const FaqEventSchemas = {
  FaqEntryPublished,
  FaqEntryRevised,
  FaqAppealsLinked,
  FaqEntryWithdrawn,
} as const satisfies Record<FaqEventType, z.ZodType>;

/** Discriminated union of the FAQ events. */
export type FaqEvent = EventUnion<typeof FaqEventSchemas>;
