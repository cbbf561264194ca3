import { z } from 'zod';
import type { AppealAction } from './vocabulary';
import {
  AnswerCharacter,
  AppealId,
  AppealLocation,
  Applicant,
  Channel,
  ComplaintOutcome,
  DecisionKind,
  Instant,
  KatoCode,
  Language,
  LocalDate,
  TerminationGround,
} from './common';

// Request bodies of the HTTP commands (v1). Strict: unknown fields are refused.

/** File an appeal (citizen on the portal, or a registrar for paper/oral appeals). */
export const SubmitAppealBody = z
  .strictObject({
    kind: z.string().min(1).max(64),
    categoryId: z.string().min(1).max(64),
    regionKato: KatoCode,
    language: Language,
    subject: z.string().trim().min(3).max(300),
    text: z.string().trim().min(10).max(20000),
    applicant: Applicant,
    addressedAgencyId: z.string().min(1).max(64).optional(),
    isAboutCrimeOrThreat: z.boolean().optional(),
    channel: Channel.optional(),
    receivedAt: Instant.optional(),
    /** where the matter is: a point, an address or both (sealed before it is stored) */
    location: AppealLocation.optional(),
  })
  .meta({ id: 'SubmitAppeal' });
export type SubmitAppealBody = z.infer<typeof SubmitAppealBody>;

export const RouteAppealBody = z
  .strictObject({ agencyId: z.string().min(1).max(64), note: z.string().max(1000).optional() })
  .meta({ id: 'RouteAppeal' });
export const MarkNeedsTriageBody = z
  .strictObject({ reason: z.string().trim().min(3).max(1000) })
  .meta({ id: 'MarkNeedsTriage' });

export const ForwardAppealBody = z
  .strictObject({
    toAgencyId: z.string().min(1).max(64),
    scope: z.enum(['whole', 'part']),
    partDescription: z.string().trim().min(3).max(2000).optional(),
    reason: z.string().trim().min(3).max(2000),
  })
  .refine((b) => b.scope === 'whole' || b.partDescription !== undefined, {
    path: ['partDescription'],
    message: 'required when scope is "part"',
  })
  .meta({ id: 'ForwardAppeal' });

export const AssignExecutorsBody = z
  .strictObject({
    executorIds: z.array(z.string().min(1).max(128)).min(1).max(10),
    leadExecutorId: z.string().min(1).max(128).optional(),
  })
  .meta({ id: 'AssignExecutors' });

export const ExtendDeadlineBody = z
  .strictObject({ newDueOn: LocalDate, reason: z.string().trim().min(10).max(2000) })
  .meta({ id: 'ExtendDeadline' });

export const RecordHearingBody = z
  .discriminatedUnion('held', [
    z.strictObject({ held: z.literal(true), heldAt: Instant, notes: z.string().trim().min(3).max(5000) }),
    z.strictObject({ held: z.literal(false), reason: z.string().trim().min(3).max(2000) }),
  ])
  .meta({ id: 'RecordHearing' });

export const DraftAnswerBody = z
  .strictObject({
    text: z.string().trim().min(20).max(50000),
    decisionKind: DecisionKind,
    answerCharacter: AnswerCharacter,
    language: Language,
    complaintOutcome: ComplaintOutcome.optional(),
  })
  .meta({ id: 'DraftAnswer' });

export const ApproveAnswerBody = z.strictObject({ draftId: z.uuid() }).meta({ id: 'ApproveAnswer' });
export const SendAnswerBody = z.strictObject({ draftId: z.uuid() }).meta({ id: 'SendAnswer' });

export const TerminateAppealBody = z
  .strictObject({
    ground: TerminationGround,
    groundText: z.string().trim().min(3).max(2000).optional(),
    /** the earlier answered appeal this one repeats (ground `repeated_no_new_arguments`) */
    linkedAppealId: AppealId.optional(),
  })
  .refine((b) => b.ground !== 'other_legal_ground' || b.groundText !== undefined, {
    path: ['groundText'],
    message: 'required when ground is "other_legal_ground"',
  })
  .refine((b) => b.ground !== 'repeated_no_new_arguments' || b.linkedAppealId !== undefined, {
    path: ['linkedAppealId'],
    message: 'required when ground is "repeated_no_new_arguments": the earlier answered appeal',
  })
  .meta({ id: 'TerminateAppeal' });

/** Close this appeal as a duplicate of another (`intoAppealId`), whose answer then answers both. */
export const MergeAppealBody = z.strictObject({ intoAppealId: AppealId }).meta({ id: 'MergeAppeal' });

export const WithdrawAppealBody = z
  .strictObject({ reason: z.string().trim().max(2000).optional() })
  .meta({ id: 'WithdrawAppeal' });

export const RateAnswerBody = z
  .strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
  .meta({ id: 'RateAnswer' });

export const ReopenAppealBody = z
  .strictObject({ reason: z.string().trim().min(3).max(2000) })
  .meta({ id: 'ReopenAppeal' });

export const FileComplaintBody = z
  .strictObject({
    reason: z.string().trim().min(10).max(20000),
    language: Language.optional(),
    /** one of the profile's complaint kinds (its term follows it); `complaint` when not given */
    kind: z.string().min(1).max(64).optional(),
  })
  .meta({ id: 'FileComplaint' });

/** The reviewer restores the missed term of a late complaint, so it is considered on its merits. */
export const RestoreComplaintTermBody = z
  .strictObject({ reason: z.string().trim().min(3).max(2000) })
  .meta({ id: 'RestoreComplaintTerm' });

/** Every command action reachable as POST /api/v1/appeals/{id}/{action}. */
export const ActionBodies = {
  route: RouteAppealBody,
  'needs-triage': MarkNeedsTriageBody,
  forward: ForwardAppealBody,
  assign: AssignExecutorsBody,
  extend: ExtendDeadlineBody,
  hearing: RecordHearingBody,
  'draft-answer': DraftAnswerBody,
  'approve-answer': ApproveAnswerBody,
  'send-answer': SendAnswerBody,
  terminate: TerminateAppealBody,
  withdraw: WithdrawAppealBody,
  rate: RateAnswerBody,
  reopen: ReopenAppealBody,
  complain: FileComplaintBody,
  'restore-complaint-term': RestoreComplaintTermBody,
  merge: MergeAppealBody,
} as const satisfies Record<AppealAction, z.ZodType>;
