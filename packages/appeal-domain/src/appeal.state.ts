import type { ClosedStatus, UnroutedStatus } from '@appeals/contracts';
import type {
  AppealStatus,
  Channel,
  Deadline,
  DraftAnswer,
  Language,
  LateComplaint,
  Remark,
  StoredApplicant,
  TerminateAppeal,
} from './types';

// The state of one appeal, folded from its events: a union on `status` (ADR 0026). Each arm
// carries the fields its status has, required where the law guarantees them (appeal.evolve.ts builds each arm, one
// helper per transition).

export interface Draft {
  draftId: string;
  decisionKind: DraftAnswer['data']['decisionKind'];
  answerCharacter: DraftAnswer['data']['answerCharacter'];
  language: Language;
  /** what it says, so a repeated draft is recognised (issue 10) */
  text: string;
  complaintOutcome?: DraftAnswer['data']['complaintOutcome'];
  approved: boolean;
}

/** A part of the appeal forwarded to another body as a linked appeal of its own. */
export interface ForwardedPart {
  childAppealId: string;
  toAgencyId: string;
  partDescription?: string | undefined;
}

/** What a complaint appeal knows of itself (APPK Art. 91–92). */
export interface ComplaintFacts {
  againstAgencyId: string;
  reviewerAgencyId?: string | undefined;
  late?: LateComplaint | undefined;
  termRestored: boolean;
}

/** The answer sent to the applicant: which draft, when, until when it may be contested, and its character. */
export interface SentAnswer {
  draftId: string;
  sentAt: string;
  complaintWindowEndsAt: string;
  answerCharacter: Draft['answerCharacter'];
}

/** The ground an appeal was terminated on. */
export type Termination = Pick<TerminateAppeal['data'], 'ground' | 'groundText'>;

/** What every appeal has, whatever its status. */
export interface AppealCore {
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
  /** routed or forwarded to a law-enforcement body at some point */
  lawEnforcementReached: boolean;
  /** a complaint appeal: whom it is about, who reviews it, and whether it came late */
  complaint?: ComplaintFacts | undefined;
  registrationNumber: string;
  registeredOn: string;
  registeredAt: string;
  deadline: Deadline;
  /**
   * the day the procedure at the body that now has the appeal started: its registration, its receipt of the appeal
   * forwarded whole, or the reopening. The forwarding window and the extension limit count from it (APPK Art. 65, 76)
   */
  procedureStartedOn: string;
  forwardBy: string;
  /** the body that has the appeal: set from routing on (see each arm) */
  agencyId?: string | undefined;
  executorIds: string[];
  /** the executor who answers for the appeal: set from the assignment on (see each arm) */
  leadExecutorId?: string | undefined;
  hearing: { held: true; heldAt: string } | { held: false; reason: string } | undefined;
  extended: boolean;
  drafts: Record<string, Draft>;
  /** the draft written last: only it can be approved and sent (older ones are superseded) */
  latestDraftId?: string | undefined;
  partForwards: ForwardedPart[];
  lastForwardedTo?: string | undefined;
  complaints: string[];
  /** when the last complaint was filed: one filed since the act complained about makes a new one a repeat */
  lastComplaintFiledAt?: string | undefined;
  /** why the applicant sent the answer back, until the next answer is sent */
  reopenedFor?: Remark | undefined;
  /** the deadline passed without an answer (APPK: silence is a refusal the applicant may contest); not a status */
  deemedRefused: boolean;
  /** whether intake's search for possible duplicates was recorded */
  duplicatesChecked: boolean;
  /** the duplicates merged into this one, which its answer answers too */
  mergedDuplicates: string[];
}

/** Registered, waiting to be routed by the rules or by staff (triage): no body, no executors yet. */
export interface UnroutedAppeal extends AppealCore {
  status: UnroutedStatus;
  agencyId?: undefined;
  leadExecutorId?: undefined;
}

/** With a body, its executors not yet assigned (routed, or forwarded whole to this body). */
export interface RoutedAppeal extends AppealCore {
  status: 'routed';
  agencyId: string;
  leadExecutorId?: undefined;
}

/** With a body and its executors, who draft the answer (assigned, or sent back for review). */
export interface InProgressAppeal extends AppealCore {
  status: 'in_progress';
  agencyId: string;
  leadExecutorId: string;
}

/** Answered by the body that had it: the applicant may rate it, send it back, or complain. */
export interface AnsweredAppeal extends AppealCore {
  status: 'answered';
  agencyId: string;
  leadExecutorId: string;
  answer: SentAnswer;
  rating?: { score: number; comment?: Remark | undefined } | undefined;
}

/** Closed without an answer of its own; it may have been closed before or after routing. */
interface ClosedCore extends AppealCore {
  status: ClosedStatus;
  agencyId?: string | undefined;
  leadExecutorId?: string | undefined;
}

/** Terminated on a ground (APPK Art. 89); an appeal the applicant withdrew keeps when (ground `withdrawn`). */
export interface TerminatedAppeal extends ClosedCore {
  status: 'terminated';
  termination: Termination;
  terminatedAt: string;
  withdrawnAt?: string | undefined;
}

/** Withdrawn by the applicant; the body may still terminate its procedure on the ground `withdrawn`. */
export interface WithdrawnAppeal extends ClosedCore {
  status: 'withdrawn';
  withdrawnAt: string;
}

/** Closed as a duplicate of another appeal, whose answer answers it too. */
export interface MergedAppeal extends ClosedCore {
  status: 'merged';
  mergedInto: string;
}

/** The state of one appeal that exists: one arm per status, or per statuses of the same shape. */
export type Appeal =
  | UnroutedAppeal
  | RoutedAppeal
  | InProgressAppeal
  | AnsweredAppeal
  | TerminatedAppeal
  | WithdrawnAppeal
  | MergedAppeal;

/** The arm(s) of the given statuses: `AppealIn<'answered'>` has its `answer`. */
export type AppealIn<S extends AppealStatus> = Appeal & { status: S };

export type AppealState = { status: 'none' } | Appeal;

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every status of the vocabulary has its arm, and no arm another status: the typecheck fails otherwise. */
const _everyStatusHasItsArm: Exactly<Appeal['status'], AppealStatus> = true;
