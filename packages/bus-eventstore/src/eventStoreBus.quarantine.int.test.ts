import { createInProcessBus, DEAD_LETTER_TOPIC, type Bus, type DeliveredMessage } from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { quarantiningBusContract } from '@appeals/bus/quarantine-bus-contract';
import { decodeAppealEvent, fromEventMessage, Topics } from '@appeals/contracts';
import { createSqliteEventStore, type SqliteEventStore } from '@appeals/eventstore-sqlite';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStoreBus } from './eventStoreBus';

// Messages that can never be decoded, on the log-backed bus of embedded mode: one attempt, then the SQLite store's
// quarantine table; replays an operator requests there come back to the group that quarantined them.

const quiet = { warn: () => {}, error: () => {} };
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-quarantine-'));
  return { dir, store: createSqliteEventStore({ filename: join(dir, 'appeals.db') }) };
};

// the side bus (per-agency topics) quarantines into the same table
quarantiningBusContract('event-store bus, side topics', async () => {
  const { dir, store } = temp();
  const side = createInProcessBus({ retryBackoffMs: [5], quarantine: store.quarantine });
  const bus = createEventStoreBus({
    store,
    checkpoints: store.checkpoints,
    side,
    quarantine: store.quarantine,
  });
  return {
    bus,
    quarantine: store.quarantine,
    teardown: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the event-store bus and undecodable events of the log', () => {
  let dir: string;
  let store: SqliteEventStore;
  let bus: Bus;
  beforeEach(() => {
    ({ dir, store } = temp());
    bus = createEventStoreBus({
      store,
      checkpoints: store.checkpoints,
      quarantine: store.quarantine,
      retryBackoffMs: [1],
      pollIntervalMs: 20,
      logger: quiet,
    });
  });
  afterEach(async () => {
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends one AppealRouted of `appealId`; `version` stamps its metadata (a future one cannot decode). */
  const appendRouted = (appealId: string, version?: number) =>
    store.append(
      `appeal-${appealId}`,
      [
        {
          id: randomUUID(),
          type: 'AppealRouted',
          data: { appealId, agencyId: 'akimat-almaty', by: 'rules' },
          metadata: { service: 'routing', ...(version ? { schemaVersion: version } : {}) },
        },
      ],
      { expectedVersion: 'any' },
    );

  /** A consumer that decodes like every service; `knows` says which versions this "deployment" understands. */
  const consumer = async (knows: { upTo: number }) => {
    const handled: DeliveredMessage[] = [];
    const tries: string[] = [];
    const dead: DeliveredMessage[] = [];
    await bus.subscribe({
      groupId: 'dlq-watch',
      topics: [DEAD_LETTER_TOPIC],
      handler: async (m) => void dead.push(m),
    });
    await bus.subscribe({
      groupId: 'routing',
      topics: [Topics.appealEvents],
      handler: async (m) => {
        const envelope = fromEventMessage(m);
        tries.push(`${envelope.stream}@${m.attempt}`);
        const { schemaVersion = 1 } = envelope.metadata;
        // a deployment that knows a newer version reads it as the current one (its upcaster shipped)
        const metadata =
          schemaVersion <= knows.upTo ? { ...envelope.metadata, schemaVersion: 1 } : envelope.metadata;
        decodeAppealEvent({ ...envelope, metadata });
        handled.push(m);
      },
    });
    return { handled, tries, dead };
  };

  it('quarantines an event of a future version after one attempt and goes on with the log', async () => {
    const { handled, tries, dead } = await consumer({ upTo: 1 });
    const [a, b] = [randomUUID(), randomUUID()];
    await appendRouted(a, 2);
    await appendRouted(b);
    await bus.idle!();
    expect(tries).toEqual([`appeal-${a}@1`, `appeal-${b}@1`]);
    expect(handled.map((m) => m.key)).toEqual([b]);
    expect(dead).toEqual([]);
    const [entry] = await store.quarantine.list({ groupId: 'routing' });
    expect(entry).toMatchObject({ key: a, topic: Topics.appealEvents, replayRequested: false });
    expect(entry!.error).toContain('future_version');
    expect(entry!.headers.ce_type).toBe('kz.appeals.AppealRouted.v2');
  });

  it('delivers a replayed entry again to its group; handled, it leaves the quarantine', async () => {
    const knows = { upTo: 1 };
    const { handled } = await consumer(knows);
    const a = randomUUID();
    await appendRouted(a, 2);
    await bus.idle!();
    const [entry] = await store.quarantine.list({ groupId: 'routing' });

    knows.upTo = 2; // the upcaster shipped
    await store.quarantine.requestReplay(entry!.id);
    await waitFor(() => handled.length === 1);
    expect(handled[0]).toMatchObject({ key: a, headers: { 'x-quarantine-id': entry!.id } });
    await waitFor(async () => (await store.quarantine.get(entry!.id)) === undefined);
  });

  it('keeps a replayed entry that still cannot decode, with the new error and no request', async () => {
    const { handled, tries } = await consumer({ upTo: 1 });
    const a = randomUUID();
    await appendRouted(a, 2);
    await bus.idle!();
    const [entry] = await store.quarantine.list({ groupId: 'routing' });
    await store.quarantine.requestReplay(entry!.id);
    await waitFor(() => tries.length === 2);
    await waitFor(async () => (await store.quarantine.get(entry!.id))?.replayRequested === false);
    expect(handled).toEqual([]);
    expect(await store.quarantine.list({ groupId: 'routing' })).toEqual([
      expect.objectContaining({ id: entry!.id, replayRequested: false }),
    ]);
  });
});
