import type { EventData } from '@appeals/contracts';
import { DeciderSpecification } from '@appeals/decider/spec';
import { createAppealDecider } from './appeal.decider';
import { TEST_PROFILE, at, testRulesFor } from './testRules';
import type { Actor, AppealCommand, AppealEvent, Sealed } from './types';

// Shared fixtures for the appeal decider specs: one appeal's story, told in events.
// Calendar of March 2026 (UTC+5): Mon 2, Mon 9, Mon 16, Mon 23, Mon 30; the 7–8, 14–15, 21–22, 28–29 are weekends.

export { at };
export const decider = createAppealDecider(testRulesFor);
export const spec = DeciderSpecification.for(decider);

/** The serial of the standard appeal's registration number (`20260302-X7K2QP`). */
export const SERIAL = 'X7K2QP';
export const APPEAL_ID = '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f';
export const DRAFT_ID = '9f1e2d3c-4b5a-4697-8877-665544332211';
export const OTHER_DRAFT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
export const CHILD_APPEAL_ID = '7c6d5e4f-3a2b-4c1d-9e0f-a1b2c3d4e5f6';
export const COMPLAINT_APPEAL_ID = 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b';

export const AGENCY = 'akimat-almaty';
export const OTHER_AGENCY = 'ministry-ecology';
export const HIGHER_AGENCY = 'akimat-almaty-region';

export const applicant: Actor = { id: 'citizen-1', role: 'applicant' };
export const registrar: Actor = { id: 'registrar-1', role: 'registrar', agencyId: 'psc-almaty' };
export const router: Actor = { id: 'routing', role: 'system' };
export const executor: Actor = { id: 'executor-1', role: 'executor', agencyId: AGENCY };
export const head: Actor = { id: 'head-1', role: 'head', agencyId: AGENCY };
export const sweeper: Actor = { id: 'audit', role: 'system' };

type CommandOf<T extends AppealCommand['type']> = Extract<AppealCommand, { type: T }>;
/** A command issued by an actor at a moment. */
export const command = <T extends AppealCommand['type']>(
  type: T,
  data: CommandOf<T>['data'],
  now: Date,
  actor: Actor = executor,
) => ({ type, data, now, actor }) as CommandOf<T>;

/** Runs a decision and returns what it threw (to look at more than the code). */
export function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected the decision to throw');
}

// The standard appeal: received on the portal Mon 2026-03-02 10:00 local, written in Russian

/** 15 working days after Mon 2 Mar: Tue 3 … Fri 6 (4), 9–13 (9), 16–20 (14), Mon 23 (15). */
export const DEADLINE = {
  dueOn: '2026-03-23',
  dueAt: '2026-03-23T18:59:59.000Z',
  termDays: 15,
  regime: 'working',
} as const;
/** End of the 3rd working day after Mon 2 Mar: Thu 5 Mar 23:59:59 local. */
export const FORWARD_BY = '2026-03-05T18:59:59.000Z';

/**
 * Stand-ins for sealed personal data: the decider only carries them (the real sealing is @appeals/personal-data's,
 * in the application layer), so their bytes are arbitrary.
 */
export const SUBJECT_ID = '3f2e1d0c-9b8a-4766-a554-433221100fed';
export const sealedFixture = (ciphertext = 'Y2lwaGVydGV4dA=='): Sealed => ({
  subjectId: SUBJECT_ID,
  alg: 'A256GCM',
  iv: 'AAECAwQFBgcICQoL',
  ciphertext,
  tag: 'AAECAwQFBgcICQoLDA0ODw==',
});
export const sealedText = sealedFixture('dGV4dA==');
export const individualApplicant = { type: 'individual', personal: sealedFixture() } as const;

export const submitted = (data: Partial<EventData<'AppealSubmitted'>> = {}): AppealEvent => ({
  type: 'AppealSubmitted',
  data: {
    appealId: APPEAL_ID,
    profileId: TEST_PROFILE,
    kind: 'application',
    categoryId: 'roads',
    regionKato: '750000000',
    language: 'ru',
    subject: 'Ямы на улице Абая',
    text: sealedText,
    applicant: individualApplicant,
    isAboutCrimeOrThreat: false,
    channel: 'portal',
    receivedAt: '2026-03-02T05:00:00.000Z',
    trackingCodeHash: 'sha256:tracking',
    submittedBy: applicant,
    origin: { type: 'direct' },
    ...data,
  },
});

export const registered = (data: Partial<EventData<'AppealRegistered'>> = {}): AppealEvent => ({
  type: 'AppealRegistered',
  data: {
    appealId: APPEAL_ID,
    registrationNumber: `20260302-${SERIAL}`,
    registeredAt: '2026-03-02T05:00:00.000Z',
    registeredOn: '2026-03-02',
    deferred: false,
    deadline: DEADLINE,
    forwardBy: FORWARD_BY,
    ...data,
  },
});

export const routed = (agencyId = AGENCY, data: Partial<EventData<'AppealRouted'>> = {}): AppealEvent => ({
  type: 'AppealRouted',
  data: { appealId: APPEAL_ID, agencyId, by: 'rules', ruleId: 'roads-almaty', ...data },
});
/**
 * A whole forward to the other agency on Mon 20 Apr 10:00, long after the first body's window (Thu 5 Mar) closed:
 * the receiving body registers it that day, due 15 working days later (Mon 11 May), its own window to Thu 23 Apr.
 */
export const forwardedWhole = (data: Partial<EventData<'AppealForwarded'>> = {}): AppealEvent => ({
  type: 'AppealForwarded',
  data: {
    appealId: APPEAL_ID,
    fromAgencyId: AGENCY,
    toAgencyId: OTHER_AGENCY,
    scope: 'whole',
    reason: 'Outside our competence',
    forwardedAt: '2026-04-20T05:00:00.000Z',
    withinWindow: false,
    applicantNotifiedAt: '2026-04-20T05:00:00.000Z',
    newDeadline: { dueOn: '2026-05-11', dueAt: '2026-05-11T18:59:59.000Z', termDays: 15, regime: 'working' },
    receivedOn: '2026-04-20',
    forwardBy: '2026-04-23T18:59:59.000Z',
    ...data,
  },
});
export const neededTriage: AppealEvent = {
  type: 'AppealNeedsTriage',
  data: { appealId: APPEAL_ID, reason: 'No rule matched the category' },
};
export const executorsAssigned = (
  executorIds = ['executor-1'],
  leadExecutorId = 'executor-1',
): AppealEvent => ({
  type: 'ExecutorsAssigned',
  data: { appealId: APPEAL_ID, executorIds, leadExecutorId },
});
export const hearingHeld: AppealEvent = {
  type: 'HearingHeld',
  data: { appealId: APPEAL_ID, heldAt: '2026-03-10T06:00:00.000Z', notes: 'Heard by phone' },
};
export const hearingWaived: AppealEvent = {
  type: 'HearingWaived',
  data: { appealId: APPEAL_ID, reason: 'The applicant declined' },
};

export const drafted = (data: Partial<EventData<'AnswerDrafted'>> = {}): AppealEvent => ({
  type: 'AnswerDrafted',
  data: {
    appealId: APPEAL_ID,
    draftId: DRAFT_ID,
    text: 'Ремонт дороги включён в план на апрель.',
    decisionKind: 'give_answer',
    answerCharacter: 'explained',
    language: 'ru',
    draftedBy: executor.id,
    ...data,
  },
});
export const approved = (draftId = DRAFT_ID): AppealEvent => ({
  type: 'AnswerApproved',
  data: { appealId: APPEAL_ID, draftId, approvedBy: head.id },
});
/** Sent Fri 20 Mar 15:00 local; the complaint window runs to Sat 20 Jun, a day off, so Mon 22 Jun 23:59:59 local. */
export const sent = (data: Partial<EventData<'AnswerSent'>> = {}): AppealEvent => ({
  type: 'AnswerSent',
  data: {
    appealId: APPEAL_ID,
    draftId: DRAFT_ID,
    sentAt: '2026-03-20T10:00:00.000Z',
    onTime: true,
    complaintWindowEndsAt: '2026-06-22T18:59:59.000Z',
    ...data,
  },
});
export const rated = (score: number, comment?: string): AppealEvent => ({
  type: 'AnswerRated',
  data: { appealId: APPEAL_ID, score, ...(comment ? { comment } : {}) },
});
export const terminated = (
  ground: EventData<'AppealTerminated'>['ground'] = 'substance_not_stated',
  terminatedAt = '2026-03-10T06:00:00.000Z',
): AppealEvent => ({
  type: 'AppealTerminated',
  data: { appealId: APPEAL_ID, ground, terminatedAt },
});
export const withdrawn: AppealEvent = {
  type: 'AppealWithdrawn',
  data: { appealId: APPEAL_ID, withdrawnAt: '2026-03-04T06:00:00.000Z' },
};
/** Detected at the first instant after the deadline: Tue 24 Mar 00:00 local. */
export const deemedRefused: AppealEvent = {
  type: 'AppealDeemedRefused',
  data: { appealId: APPEAL_ID, deadline: DEADLINE, detectedAt: '2026-03-23T19:00:00.000Z' },
};

/** A whole forward done on Wed 4 Mar 11:00, within the window: the receiving body's own window ends Mon 9 Mar. */
export const forwardedWholeOn4Mar = forwardedWhole({
  forwardedAt: '2026-03-04T06:00:00.000Z',
  withinWindow: true,
  applicantNotifiedAt: '2026-03-04T06:00:00.000Z',
  newDeadline: { dueOn: '2026-03-25', dueAt: '2026-03-25T18:59:59.000Z', termDays: 15, regime: 'working' },
  receivedOn: '2026-03-04',
  forwardBy: '2026-03-09T18:59:59.000Z',
});
/** A part (the air-quality question) forwarded Tue 3 Mar 11:00 to the ecology ministry as a linked appeal. */
export const forwardedPart: Extract<AppealEvent, { type: 'AppealForwarded' }> = {
  type: 'AppealForwarded',
  data: {
    appealId: APPEAL_ID,
    fromAgencyId: AGENCY,
    toAgencyId: OTHER_AGENCY,
    scope: 'part',
    partDescription: 'The question about air quality',
    childAppealId: CHILD_APPEAL_ID,
    reason: 'Ecology is theirs',
    forwardedAt: '2026-03-03T06:00:00.000Z',
    withinWindow: true,
    applicantNotifiedAt: '2026-03-03T06:00:00.000Z',
  },
};
/** the complaint's reason as the response service hands it over: sealed ("The answer ignores my question") */
export const complaintReason = sealedFixture('VGhlIGFuc3dlciBpZ25vcmVzIG15IHF1ZXN0aW9u');
/** The answer of Fri 20 Mar: its window ends Sat 20 Jun, a day off, so it runs to Mon 22 Jun 23:59:59 local. */
export const ANSWER_WINDOW_END = '2026-06-22T18:59:59.000Z';
export const complaintFiled = (
  filedAt: string,
  over: Partial<EventData<'ComplaintFiled'>> = {},
): AppealEvent => ({
  type: 'ComplaintFiled',
  data: {
    appealId: APPEAL_ID,
    complaintAppealId: COMPLAINT_APPEAL_ID,
    higherAgencyId: HIGHER_AGENCY,
    reason: complaintReason,
    filedAt,
    kind: 'complaint',
    againstAgencyId: AGENCY,
    windowEndsAt: ANSWER_WINDOW_END,
    ...over,
  },
});
/** Reopened Mon 23 Mar 10:00: registered again that day; 15 working days → Mon 13 Apr. */
export const reopened: AppealEvent = {
  type: 'AppealReopened',
  data: {
    appealId: APPEAL_ID,
    reason: 'The road is still broken',
    newDeadline: { dueOn: '2026-04-13', dueAt: '2026-04-13T18:59:59.000Z', termDays: 15, regime: 'working' },
    reopenedOn: '2026-03-23',
    forwardBy: '2026-03-26T18:59:59.000Z',
  },
};

// The standard appeal at each stage of its life.

export const registeredAppeal: AppealEvent[] = [submitted(), registered()];
export const triagedAppeal: AppealEvent[] = [...registeredAppeal, neededTriage];
export const routedAppeal: AppealEvent[] = [...registeredAppeal, routed()];
export const appealInProgress: AppealEvent[] = [...routedAppeal, executorsAssigned()];
export const answeredAppeal: AppealEvent[] = [...appealInProgress, drafted(), approved(), sent()];
export const withdrawnAppeal: AppealEvent[] = [...routedAppeal, withdrawn];
export const terminatedAppeal: AppealEvent[] = [...appealInProgress, terminated()];
