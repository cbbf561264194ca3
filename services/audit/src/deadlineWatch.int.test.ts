import type { ServiceName } from '@appeals/appeal-application';
import type { AppealCommand } from '@appeals/appeal-domain';
import type { EventData } from '@appeals/contracts';
import { KZ_2028_NEW_YEAR, actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { createDeadlineWatch } from './deadlineWatch';

// The deadline watch on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it): it learns
// each appeal's deadline from the bus (event store → relay → in-process bus) and `sweep()` runs at the injected clock.

const { citizen: CITIZEN, head: HEAD, executor: EXECUTOR } = actors;

/** An appeal filed Mon 2 Mar 2026 10:00 is due at the end of Fri 27 Mar (15 working days on the KZ calendar). */
const LAST_MINUTE = '2026-03-27T23:59:00+05:00';
const FIRST_INSTANT_AFTER = '2026-03-28T00:00:00+05:00';

let s: TestPlatform;
let watch: ReturnType<typeof createDeadlineWatch>;
beforeEach(async () => {
  s = createTestPlatform();
  watch = createDeadlineWatch(s);
  await watch.start();
});
afterEach(async () => {
  await s.stop();
});

/** Runs a command at the clock, as the owning service would. */
const run = (appealId: string, command: (now: Date) => AppealCommand, service: ServiceName = 'response') =>
  s.commands.execute(appealId, command(s.clock()), { service });

const assign = (appealId: string) =>
  run(appealId, (at) => ({
    type: 'AssignExecutors',
    now: at,
    actor: HEAD,
    data: { executorIds: [EXECUTOR.id] },
  }));

async function answer(appealId: string) {
  const draftId = randomUUID();
  await assign(appealId);
  await run(appealId, (at) => ({
    type: 'DraftAnswer',
    now: at,
    actor: EXECUTOR,
    data: {
      draftId,
      text: 'Теплоснабжение восстановлено, авария устранена.',
      decisionKind: 'give_answer',
      answerCharacter: 'satisfied',
      language: 'ru',
    },
  }));
  await run(appealId, (at) => ({ type: 'ApproveAnswer', now: at, actor: HEAD, data: { draftId } }));
  await run(appealId, (at) => ({ type: 'SendAnswer', now: at, actor: HEAD, data: { draftId } }));
}

const extend = (appealId: string, newDueOn: string) =>
  run(appealId, (at) => ({
    type: 'ExtendDeadline',
    now: at,
    actor: HEAD,
    data: { newDueOn, reason: 'Нужна экспертиза теплосети на месте' },
  }));

async function rateAndReopen(appealId: string) {
  await run(appealId, (at) => ({ type: 'RateAnswer', now: at, actor: CITIZEN, data: { score: 1 } }));
  await run(appealId, (at) => ({
    type: 'ReopenAppeal',
    now: at,
    actor: CITIZEN,
    data: { reason: 'Ответ ничего не решил' },
  }));
}

const forwardWhole = (appealId: string, toAgencyId: string) =>
  run(
    appealId,
    (at) => ({
      type: 'ForwardAppeal',
      now: at,
      actor: actors.registrar,
      data: { toAgencyId, scope: 'whole', reason: 'Компетенция города' },
    }),
    'routing',
  );

const withdraw = (appealId: string) =>
  run(appealId, (at) => ({ type: 'WithdrawAppeal', now: at, actor: CITIZEN, data: {} }));

const types = async (appealId: string) => (await s.events(appealId)).map((e) => e.type);

describe('the deadline watch', () => {
  describe('when the clock is past the deadline of an unanswered appeal', () => {
    it('appends AppealDeemedRefused exactly once, by audit, with the deadline that passed', async () => {
      const silent = await s.routedAppeal();
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);

      expect(await watch.sweep()).toBe(1);

      const refused = (await s.events(silent)).at(-1)!;
      expect(refused.type).toBe('AppealDeemedRefused');
      expect(refused.data as EventData<'AppealDeemedRefused'>).toMatchObject({
        deadline: { dueOn: '2026-03-27', dueAt: '2026-03-27T18:59:59.999Z' },
        detectedAt: '2026-03-27T19:00:00.000Z',
      });
      expect(refused.metadata).toMatchObject({
        service: 'audit',
        actor: { id: 'deadline-watch', role: 'system' },
      });
    });

    it('appends nothing on a second sweep, whether or not the watch has seen the refusal yet', async () => {
      await s.routedAppeal();
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);
      await watch.sweep();
      const size = await s.logSize();

      expect(await watch.sweep()).toBe(0); // the watch has not consumed the refusal yet: the decider finds nothing to do
      await s.settled();
      expect(await watch.sweep()).toBe(0); // now the watch knows the appeal is no longer waiting
      expect(await s.logSize()).toBe(size);
    });

    it('marks nothing while the last minute of the due day is still running', async () => {
      await s.routedAppeal();
      await s.settled();
      s.setNow(LAST_MINUTE);

      expect(await watch.sweep()).toBe(0);
    });
  });

  describe('when the appeal was closed before its deadline', () => {
    it('leaves an answered appeal alone', async () => {
      const answered = await s.routedAppeal();
      s.setNow('2026-03-20T12:00:00+05:00');
      await answer(answered);
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);

      expect(await watch.sweep()).toBe(0);
      expect(await types(answered)).not.toContain('AppealDeemedRefused');
    });

    it('leaves a withdrawn appeal alone, and marks only the silent one of several', async () => {
      const withdrawn = await s.routedAppeal();
      const silent = await s.routedAppeal();
      const answered = await s.routedAppeal();
      s.setNow('2026-03-10T12:00:00+05:00');
      await withdraw(withdrawn);
      await answer(answered);
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);

      expect(await watch.sweep()).toBe(1);
      expect((await types(silent)).at(-1)).toBe('AppealDeemedRefused');
      expect(await types(withdrawn)).not.toContain('AppealDeemedRefused');
      expect(await types(answered)).not.toContain('AppealDeemedRefused');
    });
  });

  describe('when staff go on working on an appeal already deemed refused', () => {
    // Why: such an appeal stays open for the agency, but there is nothing more for the watch to mark. If the watch
    // took it for waiting again, every sweep would reload it for nothing, and since a sweep takes at most 500 appeals
    // (by id), 500 of them would crowd out every new overdue appeal whose id sorts after theirs.
    it('no longer counts it as waiting, so 500 of them cannot crowd out a new overdue appeal', async () => {
      const late: string[] = [];
      for (let i = 0; i < 500; i++) late.push(await s.routedAppeal());
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);
      expect(await watch.sweep()).toBe(500);
      s.setNow('2026-03-30T10:00:00+05:00'); // Monday: the agency finally assigns executors to all of them
      for (const id of late) await assign(id);
      // A new appeal, filed now (due Mon 20 Apr), whose id sorts after every other
      const newest = await s.routedAppeal({ appealId: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
      await s.settled();

      s.setNow('2026-04-21T00:00:00+05:00');
      expect(await watch.sweep()).toBe(1);

      expect((await s.events(newest)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-20' } });
    });

    it('waits again once the appeal is reopened with a new deadline', async () => {
      const reopened = await s.routedAppeal();
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);
      await watch.sweep();
      s.setNow('2026-03-30T10:00:00+05:00');
      await answer(reopened); // a late answer (not on time) …
      await rateAndReopen(reopened); // … rated 1 and sent back for review: 15 working days from Mon 30 Mar → Mon 20 Apr
      await s.settled();

      s.setNow('2026-04-20T12:00:00+05:00');
      expect(await watch.sweep()).toBe(0);
      s.setNow('2026-04-21T00:00:00+05:00');
      expect(await watch.sweep()).toBe(1);
      expect((await types(reopened)).filter((t) => t === 'AppealDeemedRefused')).toHaveLength(2);
    });

    it('waits again once the appeal is forwarded whole and the receiving body runs its own term', async () => {
      const forwarded = await s.routedAppeal();
      await s.settled();
      s.setNow(FIRST_INSTANT_AFTER);
      await watch.sweep();
      s.setNow('2026-03-30T10:00:00+05:00'); // forwarded Mon 30 Mar: the city akimat's term ends Mon 20 Apr
      await forwardWhole(forwarded, 'akimat-almaty');
      await s.settled();

      s.setNow('2026-04-20T12:00:00+05:00');
      expect(await watch.sweep()).toBe(0);
      s.setNow('2026-04-21T00:00:00+05:00');
      expect(await watch.sweep()).toBe(1);
      expect((await s.events(forwarded)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-20' } });
    });
  });

  describe('when a deadline was counted without the calendar of its year', () => {
    const load2028 = () => s.jurisdictions.book.addYear(KZ_2028_NEW_YEAR);

    it('recomputes it once the year is loaded, and waits for the recomputed deadline', async () => {
      // Filed Fri 10 Dec 2027: due Mon 3 Jan 2028 provisionally (2028 not loaded), Wed 5 Jan once it is.
      s.setNow('2027-12-10T10:00:00+05:00');
      const appeal = await s.routedAppeal();
      await s.settled();
      s.setNow('2027-12-13T10:00:00+05:00');
      expect(await watch.sweep()).toBe(0);
      expect(await types(appeal)).not.toContain('AppealDeadlineRecomputed'); // nothing to recompute yet

      load2028();
      s.setNow('2027-12-20T10:00:00+05:00');
      await watch.sweep();
      const recomputed = (await s.events(appeal)).at(-1)!;
      expect(recomputed.type).toBe('AppealDeadlineRecomputed');
      expect(recomputed.data).toMatchObject({
        previousDeadline: { dueOn: '2028-01-03', provisional: true },
        newDeadline: { dueOn: '2028-01-05', dueAt: '2028-01-05T18:59:59.999Z' },
      });
      expect(recomputed.metadata).toMatchObject({ service: 'audit', actor: { id: 'deadline-watch' } });
      await s.settled();

      s.setNow('2028-01-04T00:00:00+05:00'); // past the provisional deadline, not the recomputed one
      expect(await watch.sweep()).toBe(0);
      s.setNow('2028-01-06T00:00:00+05:00');
      expect(await watch.sweep()).toBe(1);
      expect((await types(appeal)).filter((t) => t === 'AppealDeadlineRecomputed')).toHaveLength(1);
    });
  });

  describe('when the deadline was extended', () => {
    it('waits for the new deadline', async () => {
      const extended = await s.routedAppeal();
      s.setNow('2026-03-20T12:00:00+05:00');
      await extend(extended, '2026-04-15');
      await s.settled();

      s.setNow(FIRST_INSTANT_AFTER);
      expect(await watch.sweep()).toBe(0);

      s.setNow('2026-04-16T00:00:00+05:00');
      expect(await watch.sweep()).toBe(1);
      expect((await s.events(extended)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-15' } });
    });
  });
});
