import {
  createAppealCommands,
  createJurisdictions,
  hashTrackingCode,
  type ServiceName,
} from '@appeals/appeal-application';
import type { AppealCommand } from '@appeals/appeal-domain';
import { createInProcessBus, type Consumer } from '@appeals/bus';
import type { EventData } from '@appeals/contracts';
import {
  appealStream,
  createInMemoryCheckpointStore,
  createInMemoryEventStore,
  type StoredEvent,
} from '@appeals/eventstore';
import { createInMemoryReadStore } from '@appeals/readstore';
import { startRelay } from '@appeals/relay';
import { randomUUID } from 'node:crypto';
import { createDeadlineWatch } from './deadlineWatch';

// The deadline watch on in-memory adapters, wired as services/gateway/src/embedded.ts wires it: it learns each
// appeal's deadline from the bus (event store → relay → in-process bus) and `sweep()` runs at the injected clock.

const CITIZEN = { id: 'citizen-1', role: 'applicant' as const };
const HEAD = { id: 'head-b', role: 'head' as const, agencyId: 'akimat-almaty-bostandyk' };
const EXECUTOR = { id: 'exec-b', role: 'executor' as const, agencyId: 'akimat-almaty-bostandyk' };

/** An appeal filed Mon 2 Mar 2026 10:00 is due at the end of Fri 27 Mar (15 working days on the KZ calendar). */
const LAST_MINUTE = '2026-03-27T23:59:00+05:00';
const FIRST_INSTANT_AFTER = '2026-03-28T00:00:00+05:00';

async function startDeadlineWatch() {
  let now = new Date('2026-03-02T10:00:00+05:00');
  const clock = () => now;
  const store = createInMemoryEventStore({ now: clock });
  const bus = createInProcessBus({ partitions: 4 });
  const views = createInMemoryReadStore();
  const commands = createAppealCommands(store, createJurisdictions().rulesFor);
  const watch = createDeadlineWatch({ bus, views, commands, clock });
  const consumer: Consumer = await watch.start();
  const relay = startRelay({
    store,
    checkpoints: createInMemoryCheckpointStore(),
    bus,
    onError: () => undefined,
  });
  const logSize = async () => (await store.readAll()).length;

  const run = (appealId: string, command: (now: Date) => AppealCommand, service: ServiceName = 'response') =>
    commands.execute(appealId, command(clock()), { service });

  return {
    watch,
    logSize,
    setClock: (iso: string) => {
      now = new Date(iso);
    },
    events: (appealId: string): Promise<StoredEvent[]> => store.readStream(appealStream(appealId)),
    async settled() {
      await relay.caughtUp();
      await bus.idle?.();
    },
    /** A housing appeal filed at the current clock and routed to the Bostandyk district akimat. */
    async routedAppeal(appealId: string = randomUUID()): Promise<string> {
      await run(
        appealId,
        (at) => ({
          type: 'SubmitAppeal',
          now: at,
          actor: CITIZEN,
          data: {
            appealId,
            profileId: 'kz-appk',
            registrationNumber: `R-${appealId.slice(0, 8)}`,
            trackingCodeHash: hashTrackingCode('TRACK12345'),
            kind: 'application',
            categoryId: 'housing_utilities',
            regionKato: '751510000',
            language: 'ru',
            subject: 'Нет отопления',
            text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления.',
            applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
            applicantAccountId: CITIZEN.id,
            channel: 'portal',
          },
        }),
        'intake',
      );
      await run(
        appealId,
        (at) => ({
          type: 'RouteAppeal',
          now: at,
          actor: { id: 'routing-rules', role: 'system' },
          data: { agencyId: 'akimat-almaty-bostandyk', by: 'rules' },
        }),
        'routing',
      );
      return appealId;
    },
    assign: (appealId: string) =>
      run(appealId, (at) => ({
        type: 'AssignExecutors',
        now: at,
        actor: HEAD,
        data: { executorIds: [EXECUTOR.id] },
      })),
    async answer(appealId: string) {
      const draftId = randomUUID();
      await run(appealId, (at) => ({
        type: 'AssignExecutors',
        now: at,
        actor: HEAD,
        data: { executorIds: [EXECUTOR.id] },
      }));
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
    },
    extend: (appealId: string, newDueOn: string) =>
      run(appealId, (at) => ({
        type: 'ExtendDeadline',
        now: at,
        actor: HEAD,
        data: { newDueOn, reason: 'Нужна экспертиза теплосети на месте' },
      })),
    async rateAndReopen(appealId: string) {
      await run(appealId, (at) => ({ type: 'RateAnswer', now: at, actor: CITIZEN, data: { score: 1 } }));
      await run(appealId, (at) => ({
        type: 'ReopenAppeal',
        now: at,
        actor: CITIZEN,
        data: { reason: 'Ответ ничего не решил' },
      }));
    },
    forwardWhole: (appealId: string, toAgencyId: string) =>
      run(
        appealId,
        (at) => ({
          type: 'ForwardAppeal',
          now: at,
          actor: { id: 'reg-b', role: 'registrar', agencyId: 'akimat-almaty-bostandyk' },
          data: { toAgencyId, scope: 'whole', reason: 'Компетенция города' },
        }),
        'routing',
      ),
    withdraw: (appealId: string) =>
      run(appealId, (at) => ({ type: 'WithdrawAppeal', now: at, actor: CITIZEN, data: {} })),
    async stop() {
      await relay.stop();
      await consumer.stop();
      await bus.close();
      await views.close();
    },
  };
}

let s: Awaited<ReturnType<typeof startDeadlineWatch>>;
beforeEach(async () => {
  s = await startDeadlineWatch();
});
afterEach(async () => {
  await s.stop();
});

const types = async (appealId: string) => (await s.events(appealId)).map((e) => e.type);

describe('the deadline watch', () => {
  describe('when the clock is past the deadline of an unanswered appeal', () => {
    it('appends AppealDeemedRefused exactly once, by audit, with the deadline that passed', async () => {
      const silent = await s.routedAppeal();
      await s.settled();
      s.setClock(FIRST_INSTANT_AFTER);

      expect(await s.watch.sweep()).toBe(1);

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
      s.setClock(FIRST_INSTANT_AFTER);
      await s.watch.sweep();
      const size = await s.logSize();

      expect(await s.watch.sweep()).toBe(0); // the watch has not consumed the refusal yet: the decider finds nothing to do
      await s.settled();
      expect(await s.watch.sweep()).toBe(0); // now the watch knows the appeal is no longer waiting
      expect(await s.logSize()).toBe(size);
    });

    it('marks nothing while the last minute of the due day is still running', async () => {
      await s.routedAppeal();
      await s.settled();
      s.setClock(LAST_MINUTE);

      expect(await s.watch.sweep()).toBe(0);
    });
  });

  describe('when the appeal was closed before its deadline', () => {
    it('leaves an answered appeal alone', async () => {
      const answered = await s.routedAppeal();
      s.setClock('2026-03-20T12:00:00+05:00');
      await s.answer(answered);
      await s.settled();
      s.setClock(FIRST_INSTANT_AFTER);

      expect(await s.watch.sweep()).toBe(0);
      expect(await types(answered)).not.toContain('AppealDeemedRefused');
    });

    it('leaves a withdrawn appeal alone, and marks only the silent one of several', async () => {
      const withdrawn = await s.routedAppeal();
      const silent = await s.routedAppeal();
      const answered = await s.routedAppeal();
      s.setClock('2026-03-10T12:00:00+05:00');
      await s.withdraw(withdrawn);
      await s.answer(answered);
      await s.settled();
      s.setClock(FIRST_INSTANT_AFTER);

      expect(await s.watch.sweep()).toBe(1);
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
      s.setClock(FIRST_INSTANT_AFTER);
      expect(await s.watch.sweep()).toBe(500);
      s.setClock('2026-03-30T10:00:00+05:00'); // Monday: the agency finally assigns executors to all of them
      for (const id of late) await s.assign(id);
      // A new appeal, filed now (due Mon 20 Apr), whose id sorts after every other
      const newest = await s.routedAppeal('ffffffff-ffff-4fff-bfff-ffffffffffff');
      await s.settled();

      s.setClock('2026-04-21T00:00:00+05:00');
      expect(await s.watch.sweep()).toBe(1);

      expect((await s.events(newest)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-20' } });
    });

    it('waits again once the appeal is reopened with a new deadline', async () => {
      const reopened = await s.routedAppeal();
      await s.settled();
      s.setClock(FIRST_INSTANT_AFTER);
      await s.watch.sweep();
      s.setClock('2026-03-30T10:00:00+05:00');
      await s.answer(reopened); // a late answer (not on time) …
      await s.rateAndReopen(reopened); // … rated 1 and sent back for review: 15 working days from Mon 30 Mar → Mon 20 Apr
      await s.settled();

      s.setClock('2026-04-20T12:00:00+05:00');
      expect(await s.watch.sweep()).toBe(0);
      s.setClock('2026-04-21T00:00:00+05:00');
      expect(await s.watch.sweep()).toBe(1);
      expect((await types(reopened)).filter((t) => t === 'AppealDeemedRefused')).toHaveLength(2);
    });

    it('waits again once the appeal is forwarded whole and the receiving body runs its own term', async () => {
      const forwarded = await s.routedAppeal();
      await s.settled();
      s.setClock(FIRST_INSTANT_AFTER);
      await s.watch.sweep();
      s.setClock('2026-03-30T10:00:00+05:00'); // forwarded Mon 30 Mar: the city akimat's term ends Mon 20 Apr
      await s.forwardWhole(forwarded, 'akimat-almaty');
      await s.settled();

      s.setClock('2026-04-20T12:00:00+05:00');
      expect(await s.watch.sweep()).toBe(0);
      s.setClock('2026-04-21T00:00:00+05:00');
      expect(await s.watch.sweep()).toBe(1);
      expect((await s.events(forwarded)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-20' } });
    });
  });

  describe('when the deadline was extended', () => {
    it('waits for the new deadline', async () => {
      const extended = await s.routedAppeal();
      s.setClock('2026-03-20T12:00:00+05:00');
      await s.extend(extended, '2026-04-15');
      await s.settled();

      s.setClock(FIRST_INSTANT_AFTER);
      expect(await s.watch.sweep()).toBe(0);

      s.setClock('2026-04-16T00:00:00+05:00');
      expect(await s.watch.sweep()).toBe(1);
      expect((await s.events(extended)).at(-1)!.data).toMatchObject({ deadline: { dueOn: '2026-04-15' } });
    });
  });
});
