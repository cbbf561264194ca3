import type {
  Actor,
  AppealEvent,
  AppealStatus as AppealStatusSchema,
  Channel as ChannelSchema,
  Deadline as DeadlineSchema,
  PossibleDuplicate,
  Sealed,
  StoredApplicant,
} from '@appeals/contracts';
import type { z } from 'zod';

export type Deadline = z.infer<typeof DeadlineSchema>;
export type Language = 'kk' | 'ru' | 'en';
export type Channel = z.infer<typeof ChannelSchema>;
export type { Actor, AppealEvent, PossibleDuplicate, Sealed, StoredApplicant };

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
  | { type: 'complaint'; complainedAppealId: string; againstAgencyId: string };

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
}

/** A submission before its personal data is sealed: what {@link AppealDecider.acceptSubmission} decides on. */
export type NewAppealCommand = Cmd<'SubmitAppeal', NewAppeal>;
/** A submission with its sealed personal data: the command the decider's `decide` runs. */
export type SubmitAppeal = Cmd<'SubmitAppeal', NewAppeal & SealedSubmission>;
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
    /** the earlier appeal a `repeated_no_new_arguments` termination names, as the application layer found it */
    linkedAppeal?: LinkedAppealFact | undefined;
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
  | MarkDeemedRefused
  | RecordPossibleDuplicates
  | MergeAppeal
  | RecordMergedDuplicate;

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
  categoryId: string;
  regionKato: string;
  language: Language;
  /** the clear subject line (ADR 0006: no personal data in it) */
  subject: string;
  channel: Channel;
  /** the applicant as sealed (a linked appeal carries it over) */
  applicant: StoredApplicant;
  applicantType: StoredApplicant['type'];
  /** whose data key seals the appeal's personal data (not itself identifying) */
  subjectId: string;
  applicantAccountId?: string | undefined;
  trackingCodeHash: string;
  addressedAgencyId?: string | undefined;
  isAboutCrimeOrThreat: boolean;
  registrationNumber: string;
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
  /** whether intake's search for possible duplicates was recorded */
  duplicatesChecked: boolean;
  /** the appeal this one was merged into (status `merged`) */
  mergedInto?: string | undefined;
  /** the duplicates merged into this one, which its answer answers too */
  mergedDuplicates: string[];
}

export type AppealState = { status: 'none' } | Appeal;
