import { createInProcessBus, type Bus } from '@appeals/bus';
import { fromEventMessage } from '@appeals/contracts';
import { createPostgresEventStore, type PostgresEventStore } from '@appeals/eventstore-postgres';
import { startRelay } from '@appeals/relay';
import { serverUnderTest, waitFor } from '@appeals/testkit/server';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LEADER_LOCK_NAMESPACE, startLeaderElection, type LeaderElection } from '@appeals/service-host';

// Two relay instances, each with its own store (pool) and lock connection, as two processes would have.
// Only the lock holder relays; when its session dies the other takes over from the durable checkpoint.

const server = serverUnderTest('POSTGRES_URL');

server.describe('relay leader lock', () => {
  const schema = `relay_test_${randomBytes(5).toString('hex')}`;
  let admin: Pool;
  let bus: Bus;
  const stores: PostgresEventStore[] = [];
  const elections: LeaderElection[] = [];
  /** every event id the bus delivered, in order, duplicates included */
  const delivered: string[] = [];

  const instance = async (): Promise<LeaderElection> => {
    const store = await createPostgresEventStore({ connectionString: server.url, schema, onError: () => {} });
    stores.push(store);
    const election = startLeaderElection({
      connectionString: server.url,
      schema,
      name: 'relay',
      retryMs: 100,
      checkIntervalMs: 100,
      lead: () => startRelay({ store, checkpoints: store.checkpoints, bus, onError: () => undefined }),
    });
    elections.push(election);
    return election;
  };

  const append = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const appealId = randomUUID();
      const id = randomUUID();
      ids.push(id);
      await stores[0]!.append(
        `appeal-${appealId}`,
        [{ id, type: 'AppealRouted', data: { appealId, agencyId: 'mon', by: 'rules' }, metadata: {} }],
        { expectedVersion: 'no_stream' },
      );
    }
    return ids;
  };

  beforeAll(async () => {
    admin = new Pool({ connectionString: server.url, max: 2 });
    bus = createInProcessBus({ partitions: 4 });
    await bus.subscribe({
      groupId: 'watch',
      topics: ['appeals.events.v1'],
      handler: async (m) => void delivered.push(fromEventMessage(m).id),
    });
  });

  afterAll(async () => {
    for (const election of elections) await election.stop();
    for (const store of stores) await store.close();
    await bus.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('lets one instance relay, hands over when its session is cut or it stops, and loses no event', async () => {
    const first = await instance();
    await waitFor('the first instance to lead', () => first.role() === 'leader');
    const second = await instance();
    const sent = await append(20);
    await waitFor('the first 20 events', () => sent.every((id) => delivered.includes(id)));
    expect(second.role()).toBe('standby'); // the lock is taken: it waits

    // the leader's session dies (as when its process is killed); appends go on meanwhile
    const pid = first.backendPid();
    expect(pid).toBeDefined();
    const during = append(20);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    sent.push(...(await during));
    await waitFor('the second instance to take over', () => second.role() === 'leader');
    await waitFor('the first to step down', () => first.role() === 'standby');
    sent.push(...(await append(10)));
    await waitFor('every event after the takeover', () => sent.every((id) => delivered.includes(id)));

    // a graceful stop releases the lock at once: the first instance leads again
    await second.stop();
    await waitFor('the first instance to lead again', () => first.role() === 'leader', 5_000);
    sent.push(...(await append(5)));
    await waitFor('every event after the stop', () => sent.every((id) => delivered.includes(id)));
    await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up here

    // nothing lost; a duplicate can only come from the moment of the cut (at-least-once)
    expect(new Set(delivered)).toEqual(new Set(sent));
    const duplicates = delivered.length - new Set(delivered).size;
    expect(duplicates).toBeLessThanOrEqual(2);
    // only ever one lock holder
    const { rows } = await admin.query(
      `SELECT count(*)::int AS holders FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid::bigint = (hashtext($2)::bigint & 4294967295)`,
      [LEADER_LOCK_NAMESPACE, `${schema}/relay`],
    );
    expect(rows[0].holders).toBe(1);
  });
});
