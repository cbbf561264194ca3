// The platform's vocabulary as plain values: appeal statuses, roles, the actions on an appeal and who may take
// them, event type names and stream ids. The server's schemas (common.ts, commands.ts, events.ts) are built from
// these lists and its access rules read ACTION_ROLES; the web app imports them as `@appeals/contracts/vocabulary`.
// Browser-safe: this module (and streams.ts, which it re-exports) imports nothing, neither zod nor Node built-ins.

export * from './streams';

/**
 * Where an appeal stands in its lifecycle: the one status vocabulary of the domain, the read views, the API
 * (search filters, the wait condition of GET /appeals/{id}) and the web app.
 */
export const APPEAL_STATUSES = [
  'registered',
  'needs_triage',
  'routed',
  'in_progress',
  'answered',
  'terminated',
  'withdrawn',
  /** closed as a duplicate of another appeal, whose answer answers it too */
  'merged',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** Registered, and no body has it yet: routing rules or staff (triage) are to route it. */
export const UNROUTED_STATUSES = ['registered', 'needs_triage'] as const satisfies readonly AppealStatus[];
/** A body has it and works on it: routed (its executors not yet assigned) or in progress. */
export const ROUTED_STATUSES = ['routed', 'in_progress'] as const satisfies readonly AppealStatus[];
/** The statuses in which an appeal still awaits its answer: its deadline runs, and the applicant may withdraw. */
export const OPEN_STATUSES = [...UNROUTED_STATUSES, ...ROUTED_STATUSES] as const;
/** The statuses after which nothing more happens to the appeal (it ended without an answer of its own). */
export const CLOSED_STATUSES = [
  'terminated',
  'withdrawn',
  'merged',
] as const satisfies readonly AppealStatus[];
export type UnroutedStatus = (typeof UNROUTED_STATUSES)[number];
export type RoutedStatus = (typeof ROUTED_STATUSES)[number];
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

/** True while the appeal awaits its answer ({@link OPEN_STATUSES}). */
export const isOpenStatus = (status: string): boolean =>
  (OPEN_STATUSES as readonly string[]).includes(status);
/** True once nothing more happens to the appeal ({@link CLOSED_STATUSES}). */
export const isClosedStatus = (status: string): boolean =>
  (CLOSED_STATUSES as readonly string[]).includes(status);

/**
 * The two states of an Open311 GeoReport v2 service request, and which of ours each covers: an appeal is `open`
 * while it awaits its answer ({@link OPEN_STATUSES}), `closed` once answered or ended without an answer. The one
 * place our statuses meet Open311's (docs/adr: Open311); an exhaustive record, so a new status must be placed here.
 */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];
export const OPEN311_STATUS_OF: Readonly<Record<AppealStatus, Open311Status>> = {
  registered: 'open',
  needs_triage: 'open',
  routed: 'open',
  in_progress: 'open',
  answered: 'closed',
  terminated: 'closed',
  withdrawn: 'closed',
  merged: 'closed',
};

/** Our statuses an Open311 status filter (`status=open`) stands for. */
export const appealStatusesOf = (status: Open311Status): AppealStatus[] =>
  APPEAL_STATUSES.filter((s) => OPEN311_STATUS_OF[s] === status);

/** Languages an appeal can be written or answered in. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;

/** How the appeal reached the body. */
export const CHANNELS = ['portal', 'paper', 'oral', 'email', 'mobile'] as const;

/** Decision kinds (APPK). */
export const DECISION_KINDS = [
  'take_into_account',
  'give_answer',
  'terminate',
  'favourable_act',
  'burdensome_act',
] as const;
/** Character of the answer. */
export const ANSWER_CHARACTERS = ['explained', 'satisfied', 'refused'] as const;
/** Grounds on which a procedure may be terminated. */
export const TERMINATION_GROUNDS = [
  'substance_not_stated',
  'repeated_no_new_arguments',
  'anonymous',
  'withdrawn',
  'returned',
  'court_act_in_force',
  'administrative_decision_exists',
  'other_legal_ground',
] as const;
/**
 * Why intake took an earlier appeal for a possible duplicate of a new one: the same applicant (IIN/BIN or account),
 * or a near-identical text in the same category and region (docs/duplicates.md).
 */
export const DUPLICATE_REASONS = ['same_applicant', 'similar_text'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Outcomes of a complaint (APPK Art. 91–92). */
export const COMPLAINT_OUTCOMES = [
  'leave_unsatisfied',
  'leave_without_consideration',
  'cancel_act',
  'cancel_and_adopt_new_act',
  'perform_action',
  'return_to_original_body',
  'favourable_act',
] as const;

/** The roles a caller of the API can have: citizens, agency staff, auditors, admins and the press. */
export const CALLER_ROLES = [
  'applicant',
  'registrar',
  'executor',
  'approver',
  'head',
  'auditor',
  'admin',
  'press',
] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The caller roles that act for one agency, and so always carry an agency id. */
export const STAFF_ROLES = [
  'registrar',
  'executor',
  'approver',
  'head',
] as const satisfies readonly CallerRole[];

/** The roles that read every appeal across agencies: auditors (read-only) and admins. */
export const READ_ALL_ROLES = ['auditor', 'admin'] as const satisfies readonly CallerRole[];

/** True for the roles that act for one agency ({@link STAFF_ROLES}). */
export const isStaffRole = (role: string): boolean => (STAFF_ROLES as readonly string[]).includes(role);

/** True for the roles that read every appeal ({@link READ_ALL_ROLES}). */
export const readsAll = (role: string): boolean => (READ_ALL_ROLES as readonly string[]).includes(role);

/** The routing desk's actions on an appeal (services/routing serves them). */
export const ROUTING_ACTIONS = ['route', 'needs-triage', 'forward'] as const;

/** The actions on an appeal once a body has it, up to the applicant's answer to the answer (services/response). */
export const RESPONSE_ACTIONS = [
  'assign',
  'extend',
  'hearing',
  'draft-answer',
  'approve-answer',
  'send-answer',
  'terminate',
  'withdraw',
  'rate',
  'reopen',
  'complain',
  'restore-complaint-term',
  'merge',
] as const;

/** Every action on an appeal, reachable as POST /api/v1/appeals/{id}/{action}. */
export const APPEAL_ACTIONS = [...ROUTING_ACTIONS, ...RESPONSE_ACTIONS] as const;
export type AppealAction = (typeof APPEAL_ACTIONS)[number];

/**
 * Who may take each action on an appeal, before the appeal's scope (agency subtree, own appeal) is checked: the
 * server's access rules and policy rows enforce it, the web app offers the matching buttons.
 */
export const ACTION_ROLES: Readonly<Record<AppealAction, readonly CallerRole[]>> = {
  route: ['registrar', 'admin'],
  'needs-triage': ['registrar', 'admin'],
  forward: ['registrar', 'head', 'approver'],
  assign: ['registrar', 'head', 'approver'],
  extend: ['head', 'approver'],
  hearing: ['executor', 'approver', 'head'],
  'draft-answer': ['executor'],
  'approve-answer': ['approver', 'head'],
  'send-answer': ['approver', 'head', 'registrar'],
  terminate: ['approver', 'head'],
  withdraw: ['applicant'],
  rate: ['applicant'],
  reopen: ['applicant'],
  complain: ['applicant'],
  'restore-complaint-term': ['head', 'approver'],
  merge: ['registrar', 'executor'],
};

/** Whether a role may take an action ({@link ACTION_ROLES}); the appeal's scope is checked apart. */
export const mayTake = (role: string, action: AppealAction): boolean =>
  (ACTION_ROLES[action] as readonly string[]).includes(role);

/** The event types of an appeal's stream (`appeal-<id>`), each with its payload schema in events.ts. */
export const APPEAL_EVENT_TYPES = [
  'AppealSubmitted',
  'AppealRegistered',
  'AppealRouted',
  'AppealNeedsTriage',
  'AppealForwarded',
  'ExecutorsAssigned',
  'DeadlineExtended',
  'HearingHeld',
  'HearingWaived',
  'AnswerDrafted',
  'AnswerApproved',
  'AnswerSent',
  'AppealTerminated',
  'AppealWithdrawn',
  'AnswerRated',
  'AppealReopened',
  'ComplaintFiled',
  'AppealDeemedRefused',
  'ComplaintTermRestored',
  'AppealDeadlineRecomputed',
  'AppealPossibleDuplicatesFound',
  'AppealMerged',
  'DuplicateAppealMerged',
] as const;
export type AppealEventType = (typeof APPEAL_EVENT_TYPES)[number];

/** The event types of the other streams: a jurisdiction's calendar years, an applicant's personal data. */
export const CALENDAR_YEAR_LOADED = 'CalendarYearLoaded';
export const APPLICANT_DATA_ERASED = 'ApplicantDataErased';

/** The event types of a notification stream (`notification-<appealId>`): what became of each notice to the applicant. */
export const NOTIFICATION_EVENT_TYPES = [
  'NotificationSent',
  'NotificationFailed',
  'NotificationSkipped',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** How a notice reaches the applicant. */
export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The notices the applicant gets, one per appeal event that changes what they may expect. */
export const NOTICE_TEMPLATES = [
  'appeal_registered',
  'appeal_forwarded',
  'deadline_extended',
  'answer_sent',
  'appeal_deemed_refused',
] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

/**
 * A week in which appeals of one category in one region departed from their expected level (stream
 * `surge-<categoryId>.<regionKato>`, topic `surges.events.v1`): a rise, or a drop in a finished week.
 */
export const SURGE_DETECTED = 'SurgeDetected';
export const SURGE_DIRECTIONS = ['up', 'down'] as const;
export type SurgeDirection = (typeof SURGE_DIRECTIONS)[number];

/**
 * The event types of a public FAQ entry's stream (`faq-<entryId>`): the press publishes a question and its answer
 * (written by the press from an answered appeal, never copied from it), revises the wording, links more appeals the
 * entry answers (how often it was asked: docs/faq.md), or withdraws it.
 */
export const FAQ_EVENT_TYPES = [
  'FaqEntryPublished',
  'FaqEntryRevised',
  'FaqAppealsLinked',
  'FaqEntryWithdrawn',
] as const;
export type FaqEventType = (typeof FAQ_EVENT_TYPES)[number];

/** The press's actions on the public FAQ, each a command on an entry's stream. */
export const FAQ_ACTIONS = ['publish', 'revise', 'link', 'withdraw'] as const;
export type FaqAction = (typeof FAQ_ACTIONS)[number];

/** Who may take the FAQ actions: the press (ADR "public FAQ and open data"). */
export const FAQ_ROLES = ['press'] as const satisfies readonly CallerRole[];

/** Why a notice went to nobody: the applicant's personal data was erased, or no channel reaches them. */
export const NOTIFICATION_SKIP_REASONS = ['erased'] as const;
