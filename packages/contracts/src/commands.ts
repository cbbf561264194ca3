import { z } from 'zod';
import type { AppealAction, FaqAction } from './vocabulary';
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

// The public FAQ (docs/faq.md): the press publishes a question and its answer from an answered appeal, in its own
// words. Nothing of the appeal is copied into the entry; what the press writes is checked for what would name a
// person (e-mail, phone number, IIN/BIN).

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** ten digits or more, with spaces, dashes, dots or brackets between them: a phone number, an IIN, an account */
const LONG_NUMBER = /\+?\d(?:[\s\-.()]*\d){9,}/;

/** Text for the public: refused when it holds an e-mail address or a long number (phone, IIN/BIN, account). */
const publicText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !EMAIL.test(s), 'must not contain an e-mail address: the FAQ is public')
    .refine(
      (s) => !LONG_NUMBER.test(s),
      'must not contain a phone, IIN/BIN or other long number: the FAQ is public',
    );

/** The same words in some of the three languages (at least one). */
const inLanguages = (min: number, max: number) =>
  z
    .strictObject({
      kk: publicText(min, max).optional(),
      ru: publicText(min, max).optional(),
      en: publicText(min, max).optional(),
    })
    .refine((t) => t.kk !== undefined || t.ru !== undefined || t.en !== undefined, {
      message: 'write it in at least one of kk, ru, en',
    });

/** A public question and its answer, in the same languages. */
const FaqWording = {
  question: inLanguages(5, 500),
  answer: inLanguages(20, 5000),
};
type Wording = { question: Partial<Record<string, string>>; answer: Partial<Record<string, string>> };

/** Every language the question is in has its answer, and the reverse. */
const sameLanguages = (w: Wording, ctx: z.RefinementCtx) => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const q = w.question[lang] !== undefined;
    const a = w.answer[lang] !== undefined;
    if (q !== a)
      ctx.addIssue({
        code: 'custom',
        path: [q ? 'answer' : 'question', lang],
        message: `the ${q ? 'question' : 'answer'} is in ${lang}: write the ${q ? 'answer' : 'question'} in ${lang} too`,
      });
  }
};

/** The press publishes a new entry: the answered appeal whose answer it approves, and the public wording. */
export const PublishFaqEntryBody = z
  .strictObject({
    /** the answered appeal whose answer the entry publishes (its category is the entry's) */
    sourceAppealId: AppealId,
    ...FaqWording,
    /** more appeals of the same category the entry answers (each counts: docs/faq.md) */
    appealIds: z.array(AppealId).max(100).optional(),
  })
  .superRefine(sameLanguages)
  .meta({ id: 'PublishFaqEntry' });
export type PublishFaqEntryBody = z.infer<typeof PublishFaqEntryBody>;

/** The press rewrites an entry's public wording. */
export const ReviseFaqEntryBody = z
  .strictObject(FaqWording)
  .superRefine(sameLanguages)
  .meta({ id: 'ReviseFaqEntry' });

/** The press links more appeals of the entry's category that it answers. */
export const LinkFaqAppealsBody = z
  .strictObject({ appealIds: z.array(AppealId).min(1).max(100) })
  .meta({ id: 'LinkFaqAppeals' });

/** The press takes an entry off the public FAQ. */
export const WithdrawFaqEntryBody = z
  .strictObject({ reason: z.string().trim().min(3).max(1000) })
  .meta({ id: 'WithdrawFaqEntry' });

/** The body of each FAQ action but `publish` (which makes the entry): POST /api/v1/faq/entries/{entryId}/{action}. */
export const FaqActionBodies = {
  revise: ReviseFaqEntryBody,
  link: LinkFaqAppealsBody,
  withdraw: WithdrawFaqEntryBody,
} as const satisfies Record<Exclude<FaqAction, 'publish'>, z.ZodType>;
