import type {
  Actor,
  AppealEvent,
  AppealStatus as AppealStatusSchema,
  Deadline as DeadlineSchema,
  Sealed,
  StoredApplicant,
} from '@appeals/contracts';
import type { z } from 'zod';

export type Deadline = z.infer<typeof DeadlineSchema>;
export type Language = 'kk' | 'ru' | 'en';
export type { Actor, AppealEvent, Sealed, StoredApplicant };

/** Every command carries who issues it and when (time is never read inside the domain). */
interface Meta {
  now: Date;
  actor: Actor;
}
type Cmd<T extends string, D> = { type: T; data: D } & Meta;

export type SubmitAppeal = Cmd<
  'SubmitAppeal',
  {
    appealId: string;
    profileId: string;
    registrationNumber: string;
    trackingCodeHash: string;
    kind: string;
    categoryId: string;
    regionKato: string;
    language: Language;
    subject: string;
    /** sealed by the application layer before the command is issued: the decider never sees personal data */
    text: Sealed;
    applicant: StoredApplicant;
    applicantAccountId?: string | undefined;
    addressedAgencyId?: string | undefined;
    isAboutCrimeOrThreat?: boolean | undefined;
    channel: 'portal' | 'paper' | 'oral' | 'email' | 'mobile';
    receivedAt?: Date | undefined;
    origin?:
      | { type: 'direct' }
      | { type: 'forwarded_part'; parentAppealId: string; fromAgencyId: string }
      | { type: 'complaint'; complainedAppealId: string; againstAgencyId: string };
  }
>;
export type RouteAppeal = Cmd<
  'RouteAppeal',
  { agencyId: string; by: 'rules' | 'staff'; ruleId?: string | undefined; note?: string | undefined }
>;
export type MarkNeedsTriage = Cmd<'MarkNeedsTriage', { reason: string }>;
export type ForwardAppeal = Cmd<
  'ForwardAppeal',
  {
    toAgencyId: string;
    scope: 'whole' | 'part';
    partDescription?: string | undefined;
    childAppealId?: string | undefined;
    reason: string;
  }
>;
export type AssignExecutors = Cmd<
  'AssignExecutors',
  { executorIds: string[]; leadExecutorId?: string | undefined }
>;
export type ExtendDeadline = Cmd<'ExtendDeadline', { newDueOn: string; reason: string }>;
export type RecordHearing = Cmd<
  'RecordHearing',
  { held: true; heldAt: string; notes: string } | { held: false; reason: string }
>;
export type DraftAnswer = Cmd<
  'DraftAnswer',
  {
    draftId: string;
    text: string;
    decisionKind: 'take_into_account' | 'give_answer' | 'terminate' | 'favourable_act' | 'burdensome_act';
    answerCharacter: 'explained' | 'satisfied' | 'refused';
    language: Language;
    complaintOutcome?:
      | 'leave_unsatisfied'
      | 'leave_without_consideration'
      | 'cancel_act'
      | 'cancel_and_adopt_new_act'
      | 'perform_action'
      | 'return_to_original_body'
      | 'favourable_act'
      | undefined;
  }
>;
export type ApproveAnswer = Cmd<'ApproveAnswer', { draftId: string }>;
export type SendAnswer = Cmd<'SendAnswer', { draftId: string }>;
export type TerminateAppeal = Cmd<
  'TerminateAppeal',
  {
    ground:
      | 'substance_not_stated'
      | 'repeated_no_new_arguments'
      | 'anonymous'
      | 'withdrawn'
      | 'returned'
      | 'court_act_in_force'
      | 'administrative_decision_exists'
      | 'other_legal_ground';
    groundText?: string | undefined;
  }
>;
export type WithdrawAppeal = Cmd<'WithdrawAppeal', { reason?: string | undefined }>;
export type RateAnswer = Cmd<'RateAnswer', { score: number; comment?: string | undefined }>;
export type ReopenAppeal = Cmd<'ReopenAppeal', { reason: string }>;
export type FileComplaint = Cmd<
  'FileComplaint',
  /** the reason is the applicant's own words, sealed like the appeal text */
  { complaintAppealId: string; higherAgencyId: string; reason: Sealed }
>;
export type MarkDeemedRefused = Cmd<'MarkDeemedRefused', Record<string, never>>;

/** Every command the appeal decider accepts. */
export type AppealCommand =
  | SubmitAppeal
  | RouteAppeal
  | MarkNeedsTriage
  | ForwardAppeal
  | AssignExecutors
  | ExtendDeadline
  | RecordHearing
  | DraftAnswer
  | ApproveAnswer
  | SendAnswer
  | TerminateAppeal
  | WithdrawAppeal
  | RateAnswer
  | ReopenAppeal
  | FileComplaint
  | MarkDeemedRefused;

/** Lifecycle status of an appeal (the vocabulary is in @appeals/contracts). */
export type AppealStatus = z.infer<typeof AppealStatusSchema>;

export interface Draft {
  draftId: string;
  decisionKind: DraftAnswer['data']['decisionKind'];
  answerCharacter: DraftAnswer['data']['answerCharacter'];
  language: Language;
  approved: boolean;
}

/** The state of one appeal, folded from its events. */
export interface Appeal {
  status: AppealStatus;
  appealId: string;
  profileId: string;
  kind: string;
  language: Language;
  applicantType: StoredApplicant['type'];
  /** whose data key seals the appeal's personal data (not itself identifying) */
  subjectId: string;
  applicantAccountId?: string | undefined;
  trackingCodeHash: string;
  addressedAgencyId?: string | undefined;
  isAboutCrimeOrThreat: boolean;
  registeredOn: string;
  registeredAt: string;
  deadline: Deadline;
  forwardBy: string;
  agencyId?: string | undefined;
  executorIds: string[];
  leadExecutorId?: string | undefined;
  hearing: { held: true; heldAt: string } | { held: false; reason: string } | undefined;
  extended: boolean;
  drafts: Record<string, Draft>;
  answer?:
    | {
        draftId: string;
        sentAt: string;
        complaintWindowEndsAt: string;
        answerCharacter: Draft['answerCharacter'];
      }
    | undefined;
  rating?: { score: number; comment?: string | undefined } | undefined;
  partForwards: string[];
  lastForwardedTo?: string | undefined;
  complaints: string[];
  deemedRefused: boolean;
  terminatedAt?: string | undefined;
}

export type AppealState = { status: 'none' } | Appeal;
