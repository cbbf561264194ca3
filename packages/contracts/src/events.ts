import { z } from 'zod';
import { DUPLICATE_REASONS, type AppealEventType } from './vocabulary';
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
  Sealed,
  StoredApplicant,
  TerminationGround,
} from './common';

// Event payloads (v1). A type never changes meaning; a new shape gets a new version and an upcaster.

const Origin = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }),
  z.object({ type: z.literal('forwarded_part'), parentAppealId: AppealId, fromAgencyId: z.string() }),
  z.object({ type: z.literal('complaint'), complainedAppealId: AppealId, againstAgencyId: z.string() }),
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
  reason: z.string().optional(),
  withdrawnAt: Instant,
});
export const AnswerRated = z.object({
  appealId: AppealId,
  score: z.number().int().min(1).max(5),
  comment: z.string().optional(),
});
export const AppealReopened = z.object({ appealId: AppealId, reason: z.string(), newDeadline: Deadline });
export const ComplaintFiled = z.object({
  appealId: AppealId,
  complaintAppealId: AppealId,
  higherAgencyId: z.string(),
  /** the applicant's own words (also the complaint appeal's text): sealed */
  reason: Sealed,
  filedAt: Instant,
});
export const AppealDeemedRefused = z.object({ appealId: AppealId, deadline: Deadline, detectedAt: Instant });

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
  AppealPossibleDuplicatesFound,
  AppealMerged,
  DuplicateAppealMerged,
} as const satisfies Record<AppealEventType, z.ZodType>;

/** Discriminated union of every appeal event. */
export type AppealEvent = {
  [K in AppealEventType]: { type: K; data: z.infer<(typeof EventSchemas)[K]> };
}[AppealEventType];
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
  AppealPossibleDuplicatesFound: 'intake',
  AppealMerged: 'response',
  DuplicateAppealMerged: 'response',
};

/** Validates an event payload against its schema; throws a ZodError on mismatch. */
export function parseEvent(type: string, data: unknown): AppealEvent {
  const schema = (EventSchemas as Record<string, z.ZodType>)[type];
  if (!schema) throw new Error(`Unknown event type ${type}`);
  return { type, data: schema.parse(data) } as AppealEvent;
}

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
