import type { AppealStatus } from '@appeals/contracts';
import type { Appeal, AppealCore, AppealIn, AppealState } from './appeal.state';
import {
  AGENCY,
  DRAFT_ID,
  OTHER_AGENCY,
  answeredAppeal,
  appealInProgress,
  at,
  command,
  decider,
  executorsAssigned,
  head,
  registeredAppeal,
  router,
  routed,
  routedAppeal,
  sent,
  applicant,
  reopened,
  terminated,
  withdrawn,
} from './testAppeal';
import type { AppealCommand, AppealEvent } from './types';

// The state is a union on status (ADR 0026): each arm carries the fields its status has. The
// tables below are derived from the arm types, so the typecheck keeps them complete; the walks check at run time
// that evolve builds each arm with every field its status must have, and none another status has.

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
/** The keys whose value is never undefined. */
type Defined<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** The keys an arm declares as always undefined (`agencyId?: undefined` before routing). */
type Undefined<T> = { [K in keyof T]-?: [T[K]] extends [undefined] ? K : never }[keyof T];
type ArmDefined<S extends AppealStatus> = Exclude<Defined<AppealIn<S>>, Defined<AppealCore>>;
type ArmAbsent<S extends AppealStatus> =
  | Exclude<KeysOfUnion<Appeal>, keyof AppealIn<S>>
  | Undefined<AppealIn<S>>;
type Fields<K> = { [P in K & PropertyKey]: true };

/** What every appeal has once it is registered (empty strings count as missing). */
const CORE: Fields<Defined<AppealCore>> = {
  status: true,
  appealId: true,
  profileId: true,
  kind: true,
  categoryId: true,
  regionKato: true,
  language: true,
  subject: true,
  channel: true,
  applicant: true,
  applicantType: true,
  subjectId: true,
  trackingCodeHash: true,
  isAboutCrimeOrThreat: true,
  lawEnforcementReached: true,
  registrationNumber: true,
  registeredOn: true,
  registeredAt: true,
  deadline: true,
  procedureStartedOn: true,
  forwardBy: true,
  executorIds: true,
  extended: true,
  drafts: true,
  partForwards: true,
  complaints: true,
  deemedRefused: true,
  duplicatesChecked: true,
  mergedDuplicates: true,
};

/** The fields of the answer, and of each way to close. */
const ANSWER = { answer: true, rating: true } as const;
const CLOSING = { termination: true, terminatedAt: true, withdrawnAt: true, mergedInto: true } as const;
const UNROUTED = {
  has: {},
  hasNot: { agencyId: true, leadExecutorId: true, ...ANSWER, ...CLOSING },
} as const;

/** Per status: the fields it must have beyond the core, and those it must not have. */
const ARMS: { [S in AppealStatus]: { has: Fields<ArmDefined<S>>; hasNot: Fields<ArmAbsent<S>> } } = {
  registered: UNROUTED,
  needs_triage: UNROUTED,
  routed: { has: { agencyId: true }, hasNot: { leadExecutorId: true, ...ANSWER, ...CLOSING } },
  in_progress: { has: { agencyId: true, leadExecutorId: true }, hasNot: { ...ANSWER, ...CLOSING } },
  answered: { has: { agencyId: true, leadExecutorId: true, answer: true }, hasNot: CLOSING },
  terminated: {
    has: { termination: true, terminatedAt: true },
    hasNot: { ...ANSWER, mergedInto: true },
  },
  withdrawn: {
    has: { withdrawnAt: true },
    hasNot: { ...ANSWER, termination: true, terminatedAt: true, mergedInto: true },
  },
  merged: {
    has: { mergedInto: true },
    hasNot: { ...ANSWER, termination: true, terminatedAt: true, withdrawnAt: true },
  },
};

/** The fields the state breaks its arm's law on: missing ones it must have, present ones it must not. */
function armViolations(state: AppealState): string[] {
  if (state.status === 'none') return ['no appeal'];
  const fields = state as unknown as Record<string, unknown>;
  const missing = (k: string) => fields[k] === undefined || fields[k] === '';
  const arm = ARMS[state.status];
  return [
    ...[...Object.keys(CORE), ...Object.keys(arm.has)].filter(missing).map((k) => `missing ${k}`),
    ...Object.keys(arm.hasNot)
      .filter((k) => fields[k] !== undefined)
      .map((k) => `stray ${k}`),
  ];
}

/** Runs commands one after another from a history; returns the status and the arm's violations after each. */
function walk(history: AppealEvent[], commands: AppealCommand[]) {
  let state = history.reduce(decider.evolve, decider.initialState);
  const start = {
    command: 'given',
    events: history.length,
    status: state.status,
    violations: armViolations(state),
  };
  return [
    start,
    ...commands.map((c) => {
      const events = decider.decide(c, state);
      state = events.reduce(decider.evolve, state);
      return {
        command: c.type,
        events: events.length,
        status: state.status,
        violations: armViolations(state),
      };
    }),
  ];
}

const DRAFT_2 = '5d4c3b2a-1f0e-4d9c-8b7a-695847362514';
const answer = (draftId: string, now: Date): AppealCommand[] => [
  command(
    'DraftAnswer',
    {
      draftId,
      text: 'Ремонт включён в план.',
      decisionKind: 'give_answer',
      answerCharacter: 'explained',
      language: 'ru',
    },
    now,
  ),
  command('ApproveAnswer', { draftId }, now, head),
  command('SendAnswer', { draftId }, now, head),
];

describe('the appeal state, one arm per status', () => {
  it('carries at each step of a long life exactly the fields its status has', () => {
    const steps = walk(registeredAppeal, [
      command('MarkNeedsTriage', { reason: 'No rule matched' }, at('2026-03-02T11:00'), router),
      command('RouteAppeal', { agencyId: AGENCY, by: 'staff' }, at('2026-03-02T12:00'), head),
      command('AssignExecutors', { executorIds: ['executor-1'] }, at('2026-03-03T10:00'), head),
      ...answer(DRAFT_ID, at('2026-03-10T10:00')),
      command('RateAnswer', { score: 1 }, at('2026-03-11T10:00'), applicant),
      command('ReopenAppeal', { reason: 'Nothing was repaired' }, at('2026-03-12T10:00'), applicant),
      command(
        'ForwardAppeal',
        { toAgencyId: OTHER_AGENCY, scope: 'whole', reason: 'Theirs' },
        at('2026-03-13T10:00'),
        head,
      ),
      command('AssignExecutors', { executorIds: ['executor-2'] }, at('2026-03-16T10:00'), head),
      ...answer(DRAFT_2, at('2026-03-17T10:00')),
    ]);
    expect(steps.map((s) => [s.command, s.status, s.violations])).toEqual([
      ['given', 'registered', []],
      ['MarkNeedsTriage', 'needs_triage', []],
      ['RouteAppeal', 'routed', []],
      ['AssignExecutors', 'in_progress', []],
      ['DraftAnswer', 'in_progress', []],
      ['ApproveAnswer', 'in_progress', []],
      ['SendAnswer', 'answered', []],
      ['RateAnswer', 'answered', []],
      ['ReopenAppeal', 'in_progress', []],
      ['ForwardAppeal', 'routed', []],
      ['AssignExecutors', 'in_progress', []],
      ['DraftAnswer', 'in_progress', []],
      ['ApproveAnswer', 'in_progress', []],
      ['SendAnswer', 'answered', []],
    ]);
    expect(steps.every((s) => s.events > 0)).toBe(true);
  });

  it('closes with the fields of each way to close, before or after routing', () => {
    const into = { appealId: '0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b', status: 'routed' as const };
    const closings = [
      walk(registeredAppeal, [
        command('TerminateAppeal', { ground: 'substance_not_stated' }, at('2026-03-03T10:00'), head),
      ]),
      walk(appealInProgress, [
        command('WithdrawAppeal', {}, at('2026-03-04T10:00'), applicant),
        command('TerminateAppeal', { ground: 'withdrawn' }, at('2026-03-05T10:00'), head),
      ]),
      walk(routedAppeal, [command('MergeAppeal', { into }, at('2026-03-04T10:00'), head)]),
    ].flat();
    expect(closings.map((s) => [s.command, s.status, s.violations])).toEqual([
      ['given', 'registered', []],
      ['TerminateAppeal', 'terminated', []],
      ['given', 'in_progress', []],
      ['WithdrawAppeal', 'withdrawn', []],
      ['TerminateAppeal', 'terminated', []],
      ['given', 'routed', []],
      ['MergeAppeal', 'merged', []],
    ]);
  });

  // Why: a status-changing event in a status the decider never emits it from would make a state that claims the
  // status without its fields (an answer with no executor, a routing of an answered appeal); evolve ignores it.
  it('ignores a status-changing event met in a status the law does not move from', () => {
    const strays: [AppealEvent[], AppealEvent][] = [
      [routedAppeal, sent()],
      [answeredAppeal, routed(OTHER_AGENCY)],
      [answeredAppeal, executorsAssigned(['executor-2'], 'executor-2')],
      [appealInProgress, reopened],
      [answeredAppeal, withdrawn],
      [answeredAppeal, terminated()],
    ];
    for (const [history, stray] of strays) {
      const before = history.reduce(decider.evolve, decider.initialState);
      expect([stray.type, decider.evolve(before, stray)]).toEqual([stray.type, before]);
    }
  });
});
