import type { Actor } from '@appeals/contracts';
import type { ReadStore } from '@appeals/readstore';
import { actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { ViewNames } from './generations';
import type { StatsInput } from './stats';
import type { StatsBucket } from './statsBuckets';

// Random appeals for the statistics specs: filed across a month's and a year's end (at any hour, so around the local
// midnight too), routed or not, forwarded, answered on time or late, rated, reopened, deemed refused, withdrawn,
// each command run through the appeal decider on the test platform (one the decider refuses is simply not there).

export const AGENCIES = ['akimat-almaty-bostandyk', 'akimat-almaty', 'mon'] as const;
/** The window appeals are filed in: 40 days from here (UTC+05:00), across 31 Dec 2026. */
export const WINDOW_START = Date.parse('2026-12-10T00:00:00+05:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const agency = fc.constantFrom(...AGENCIES);
export const appealScript = fc.record({
  minute: fc.integer({ min: 0, max: 40 * 24 * 60 }),
  routedTo: fc.option(agency, { nil: undefined }),
  forwardTo: fc.option(agency, { nil: undefined }),
  answerAfterHours: fc.option(fc.integer({ min: 1, max: 40 * 24 }), { nil: undefined }),
  rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  reopen: fc.boolean(),
  deemed: fc.boolean(),
  withdraw: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
});
export type AppealScript = typeof appealScript extends fc.Arbitrary<infer T> ? T : never;

/** A date or a date-time bound of a period, somewhere in or around the window. */
export const periodBound = fc.option(
  fc.oneof(
    fc
      .integer({ min: -2, max: 100 })
      .map((day) => new Date(WINDOW_START + day * DAY).toISOString().slice(0, 10)),
    fc
      .tuple(fc.integer({ min: -2 * 24 * 60, max: 100 * 24 * 60 }), fc.constantFrom('+05:00', 'Z', '+03:00'))
      .map(([minute, zone]) => {
        const shift = zone === 'Z' ? 0 : Number(zone.slice(1, 3)) * HOUR;
        const local = new Date(WINDOW_START + minute * 60_000 + shift).toISOString().slice(0, 19);
        return `${local}${zone}`;
      }),
  ),
  { nil: undefined },
);

interface Step {
  at: number;
  run: (s: TestPlatform, ids: string[]) => Promise<unknown>;
}

const staff = (role: Actor['role'], agencyId: string): Actor =>
  ({ id: `${role}-${agencyId}`, role, agencyId }) as Actor;

/** Assigns, drafts, approves and sends an answer as the agency's head and executor. */
async function answerAs(
  agencyId: string,
  run: (type: string, actor: Actor, data: object) => Promise<unknown>,
) {
  const draftId = randomUUID();
  const head = staff('head', agencyId);
  const executor = staff('executor', agencyId);
  await run('AssignExecutors', head, { executorIds: [executor.id] });
  await run('DraftAnswer', executor, {
    draftId,
    text: 'Ответ по существу обращения.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  });
  await run('ApproveAnswer', head, { draftId });
  await run('SendAnswer', head, { draftId });
}

/** The steps of one appeal's script, at their times (`held` tracks the agency that has it as the steps run). */
function stepsOf(script: AppealScript, i: number): Step[] {
  const t0 = WINDOW_START + script.minute * 60_000;
  const held = { agency: script.routedTo as string | undefined };
  const run = (s: TestPlatform, ids: string[], type: string, actor: Actor, data: object, service: string) =>
    s.commands.execute(ids[i]!, { type, now: s.clock(), actor, data } as never, { service } as never);
  const answer = (s: TestPlatform, ids: string[]) =>
    answerAs(held.agency ?? AGENCIES[0], (type, actor, data) => run(s, ids, type, actor, data, 'response'));
  const steps: Step[] = [
    {
      at: t0,
      run: async (s, ids) => {
        ids[i] = await s.submitAppeal();
        if (script.routedTo) await s.route(ids[i]!, script.routedTo);
      },
    },
  ];
  if (script.routedTo && script.forwardTo && script.forwardTo !== script.routedTo) {
    const to = script.forwardTo;
    steps.push({
      at: t0 + 2 * HOUR,
      run: async (s, ids) => {
        await run(
          s,
          ids,
          'ForwardAppeal',
          staff('registrar', held.agency!),
          { toAgencyId: to, scope: 'whole', reason: 'Не наша компетенция' },
          'routing',
        );
        held.agency = to;
      },
    });
  }
  if (script.withdraw)
    steps.push({
      at: t0 + 3 * HOUR,
      run: (s, ids) => run(s, ids, 'WithdrawAppeal', actors.citizen, { reason: 'Решено' }, 'response'),
    });
  if (script.answerAfterHours !== undefined) {
    const answeredAt = t0 + (script.answerAfterHours + 3) * HOUR;
    steps.push({ at: answeredAt, run: answer });
    if (script.rating !== undefined)
      steps.push({
        at: answeredAt + HOUR,
        run: (s, ids) => run(s, ids, 'RateAnswer', actors.citizen, { score: script.rating }, 'response'),
      });
    if (script.reopen)
      steps.push({
        at: answeredAt + 2 * HOUR,
        run: (s, ids) =>
          run(s, ids, 'ReopenAppeal', actors.citizen, { reason: 'Ответ не по существу' }, 'response'),
      });
  }
  if (script.deemed)
    steps.push({
      at: t0 + 45 * DAY,
      run: (s, ids) =>
        run(s, ids, 'MarkDeemedRefused', { id: 'deadline-watch', role: 'system' } as Actor, {}, 'audit'),
    });
  return steps;
}

/**
 * Answers an appeal held by the Bostandyk akimat at the platform's clock (as its head and executor) and, with a
 * score, rates the answer as the applicant.
 */
export async function answerOnPlatform(s: TestPlatform, appealId: string, score?: number): Promise<void> {
  const run = (type: string, actor: Actor, data: object) =>
    s.commands.execute(appealId, { type, now: s.clock(), actor, data } as never, { service: 'response' });
  const draftId = randomUUID();
  await run('AssignExecutors', actors.head, { executorIds: [actors.executor.id] });
  await run('DraftAnswer', actors.executor, {
    draftId,
    text: 'Ответ по существу обращения с разъяснением.',
    decisionKind: 'give_answer',
    answerCharacter: 'explained',
    language: 'ru',
  });
  await run('ApproveAnswer', actors.head, { draftId });
  await run('SendAnswer', actors.head, { draftId });
  if (score !== undefined) await run('RateAnswer', actors.citizen, { score });
}

/** Runs the scripts on a new test platform, every step at its time in time order; returns the platform. */
export async function fileAppeals(scripts: AppealScript[]): Promise<TestPlatform> {
  const s = createTestPlatform({ start: new Date(WINDOW_START).toISOString() });
  const steps = scripts.flatMap(stepsOf).sort((a, b) => a.at - b.at);
  const ids: string[] = [];
  for (const step of steps) {
    s.setNow(new Date(step.at).toISOString());
    await step.run(s, ids).catch(() => undefined); // a command the decider refuses here leaves no event
  }
  return s;
}

/** A summary as the statistics read it: open in `mon`, registered 2 Mar 2026 10:00 (UTC+05:00), then `over`. */
export const summaryOf = (over: Partial<StatsInput>): StatsInput => ({
  appealId: 'x',
  agencyId: 'mon',
  categoryId: 'education',
  regionKato: '710000000',
  registeredAt: '2026-03-02T05:00:00.000Z',
  open: true,
  dueAt: '2026-03-27T18:59:59.999Z',
  deemedRefused: false,
  answeredAt: null,
  answeredOnTime: null,
  rating: null,
  ...over,
});

/**
 * The statistics buckets of a generation that count an appeal, in order, without their revisions (which count
 * recomputations), and without the emptied ones the live projector leaves where an appeal was.
 */
export const bucketsOf = async (views: ReadStore, names: Pick<ViewNames, 'stats'>) =>
  (
    await views.findItems<StatsBucket & { _revision?: number }>(names.stats, {
      sort: [
        ['level', 'asc'],
        ['agencyId', 'asc'],
        ['period', 'asc'],
      ],
    })
  )
    .filter((b) => b.received > 0)
    .map(({ _revision: _r, ...b }) => b);
