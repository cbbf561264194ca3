import { createApiRegistry } from '@appeals/http';
import { createInMemoryCheckpointStore } from '@appeals/eventstore';
import { LEADER_LOCK_NAMESPACE, postgresLeadership } from '@appeals/service-host';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { serverUnderTest, waitFor } from '@appeals/testkit/server';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createResponseService } from './response.service';

// Two replicas of the response service on one deployment (one PostgreSQL schema for the lock): the linked appeals
// process (ADR 0028) runs on one of them at a time, and the other takes it over when the first stops or loses its
// lock connection. The log is the test platform's; the lock is a real PostgreSQL advisory lock.

const server = serverUnderTest('POSTGRES_URL');

server.describe('the linked appeals process on replicas of response', () => {
  const schema = `linked_leader_${randomBytes(5).toString('hex')}`;
  let s: TestPlatform;
  let admin: Pool;
  const checkpoints = createInMemoryCheckpointStore();
  const replicas: Array<ReturnType<typeof createResponseService>> = [];

  const replica = async () => {
    const service = createResponseService({
      ...s,
      registry: createApiRegistry({ title: 'response', version: '0.0.0' }), // one per process
      checkpoints,
      leadership: postgresLeadership({ connectionString: server.url, schema }),
    });
    replicas.push(service);
    await service.start();
    return service;
  };

  beforeAll(() => {
    s = createTestPlatform();
    admin = new Pool({ connectionString: server.url, max: 1 });
  });
  afterAll(async () => {
    for (const service of replicas) await service.stop();
    await s.stop();
    await admin.end();
  });

  it('runs on one replica at a time and moves to the other when it stops or loses its lock', async () => {
    const first = await replica();
    const second = await replica();
    await waitFor('a leader', () => [first, second].some((r) => r.linkedAppealsRole() === 'leader'));
    const [leader, standby] = first.linkedAppealsRole() === 'leader' ? [first, second] : [second, first];
    expect(standby.linkedAppealsRole()).toBe('standby');
    expect(standby.linkedAppeals()).toBeUndefined();
    await leader.linkedAppeals()!.caughtUp();

    // the leader's lock connection is cut (its replica's network gone): it stops the process, the other leads
    const cut = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = $1::bigint::oid
          AND objid = (hashtext($2)::bigint & 4294967295)::oid`,
      [LEADER_LOCK_NAMESPACE, `${schema}/linked-appeals`],
    );
    expect(cut.rowCount).toBe(1);
    await waitFor('the standby to lead', () => standby.linkedAppealsRole() === 'leader');
    await standby.linkedAppeals()!.caughtUp();
    await waitFor('the first to stand by', () => leader.linkedAppealsRole() === 'standby');
    expect(leader.linkedAppeals()).toBeUndefined();

    // a graceful stop hands it back
    await standby.stop();
    await waitFor('the first to lead again', () => leader.linkedAppealsRole() === 'leader');
    expect(standby.linkedAppealsRole()).toBe('stopped');
  });
});
