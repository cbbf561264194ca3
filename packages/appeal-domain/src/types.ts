import type {
  Actor,
  AppealEvent,
  AppealStatus as AppealStatusSchema,
  Channel as ChannelSchema,
  Deadline as DeadlineSchema,
  PossibleDuplicate,
  Remark,
  Sealed,
  StoredApplicant,
} from '@appeals/contracts';
import type { z } from 'zod';

export type Deadline = z.infer<typeof DeadlineSchema>;
export type Language = 'kk' | 'ru' | 'en';
export type Channel = z.infer<typeof ChannelSchema>;
export type { Actor, AppealEvent, PossibleDuplicate, Remark, Sealed, StoredApplicant };

/**
 * Another appeal as the application layer read it for a command that names it (the decider reads one stream
 * only): its status, or `none` when it is not there or the caller may not see it.
 */
export interface LinkedAppealFact {
  appealId: string;
  status: AppealStatus | 'none';
  registrationNumber?: string | undefined;
}

/** Every command carries who issues it and when (time is never read inside the domain). */
interface Meta {
  now: Date;
  actor: Actor;
}
type Cmd<T extends string, D> = { type: T; data: D } & Meta;

/**
 * How a new appeal's registration number is made; the decider writes it. A new appeal: `YYYYMMDD-<serial>`, dated
 * with the registration day the decider computes (the serial is random, so numbers do not collide). A linked appeal
 * (a forwarded part, a complaint): its parent's number and a suffix (`/1`, `-C1`).
 */
export type RegistrationNumbering =
  | { type: 'dated'; serial: string }
  | { type: 'linked'; parentNumber: string; suffix: string };

/** Where a new appeal comes from: filed directly, or split off / complained from another appeal. */
export type AppealOrigin =
  | { type: 'direct' }
  | { type: 'forwarded_part'; parentAppealId: string; fromAgencyId: string }
  | {
      type: 'complaint';
      complainedAppealId: string;
      againstAgencyId: string;
      reviewerAgencyId?: string | undefined;
      late?: LateComplaint | undefined;
    };

/** A complaint filed after its window (APPK Art. 92): until when it could be filed, and when it was. */
export interface LateComplaint {
  windowEndsAt: string;
  filedAt: string;
}

/** A new appeal as the decider accepts or refuses it: everything but its personal data. */
export interface NewAppeal {
  appealId: string;
  profileId: string;
  numbering: RegistrationNumbering;
  trackingCodeHash: string;
  kind: string;
  categoryId: string;
  regionKato: string;
  language: Language;
  subject: string;
  applicantAccountId?: string | undefined;
  addressedAgencyId?: string | undefined;
  isAboutCrimeOrThreat?: boolean | undefined;
  channel: Channel;
  receivedAt?: Date | undefined;
  origin?: AppealOrigin | undefined;
}

/**
 * The personal parts of a submission as AppealSubmitted holds them: sealed by the application layer once the
 * decider accepted the appeal (ADR 0006, ADR 0010). The decider never sees clear personal data; it only carries these.
 */
export interface SealedSubmission {
  applicant: StoredApplicant;
  text: Sealed;
  /** where the matter is, when the applicant said (sealed: it may be their home) */
  location?: Sealed | undefined;
}

/** A submission before its personal data is sealed: what {@link AppealDecider.acceptSubmission} decides on. */
export type NewAppealCommand = Cmd<'SubmitAppeal', NewAppeal>;
/** A submission with its sealed personal data: the command the decider's `decide` runs. */
export type SubmitAppeal = Cmd<'SubmitAppeal', NewAppeal & SealedSubmission>;
export type RouteAppeal = Cmd<
  'RouteAppeal',
  {
    agencyId: string;
    by: 'rules' | 'staff';
    ruleId?: string | undefined;
    note?: string | undefined;
    /** the agency is a law-enforcement body (the reference data says so) */
    lawEnforcement?: boolean | undefined;
  }
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
    /** the receiving agency is a law-enforcement body (the reference data says so) */
    lawEnforcement?: boolean | undefined;
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
    /** the earlier appeal a `repeated_no_new_arguments` termination names, as the application layer found it */
    linkedAppeal?: LinkedAppealFact | undefined;
  }
>;
/** The applicant's remarks (why they withdraw, their comment on the answer, why they reopen) come sealed. */
export type WithdrawAppeal = Cmd<'WithdrawAppeal', { reason?: Remark | undefined }>;
export type RateAnswer = Cmd<'RateAnswer', { score: number; comment?: Remark | undefined }>;
export type ReopenAppeal = Cmd<'ReopenAppeal', { reason: Remark }>;
/** A complaint before its reason is sealed: what {@link AppealDecider.acceptComplaint} decides on. */
export type ComplaintRequest = Cmd<
  'FileComplaint',
  {
    complaintAppealId: string;
    /** the body complained about: the complaint goes through it */
    againstAgencyId: string;
    /** the body that reviews complaints about it; undefined when the reference data knows none */
    higherAgencyId: string | undefined;
    /** one of the profile's complaint kinds */
    kind: string;
  }
>;
export type FileComplaint = Cmd<
  'FileComplaint',
  /** the reason is the applicant's own words, sealed like the appeal text; the language it is written in */
  ComplaintRequest['data'] & { reason: Sealed; language?: Language | undefined }
>;
export type RestoreComplaintTerm = Cmd<'RestoreComplaintTerm', { reason: string }>;
export type MarkDeemedRefused = Cmd<'MarkDeemedRefused', Record<string, never>>;
/** Count a provisional deadline again (after the missing year's calendar was loaded); the deadline watch sends it. */
export type RecomputeDeadline = Cmd<'RecomputeDeadline', Record<string, never>>;
/** Records the earlier appeals intake found this one may repeat. */
export type RecordPossibleDuplicates = Cmd<
  'RecordPossibleDuplicates',
  { matches: PossibleDuplicate[]; threshold: number }
>;
/** Closes this appeal (B) as a duplicate of `into` (A), whose answer answers both. */
export type MergeAppeal = Cmd<'MergeAppeal', { into: LinkedAppealFact }>;
/** Lists on this appeal (A) a duplicate (B) merged into it. */
export type RecordMergedDuplicate = Cmd<
  'RecordMergedDuplicate',
  { duplicate: { appealId: string; registrationNumber: string } }
>;

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
  | RestoreComplaintTerm
  | MarkDeemedRefused
  | RecomputeDeadline
  | RecordPossibleDuplicates
  | MergeAppeal
  | RecordMergedDuplicate;

/** Lifecycle status of an appeal (the vocabulary is in @appeals/contracts). */
export type AppealStatus = z.infer<typeof AppealStatusSchema>;
