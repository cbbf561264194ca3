import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { NewQuarantined, Quarantine } from '@appeals/bus';
import { Topics, toEventMessage, type EventEnvelope } from '@appeals/contracts';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { serverUnderTest } from '@appeals/testkit/server';
import { runCli } from '../cli';
import { EXIT } from '../outcome';
import { appeals } from '../testFolder';

// `appeals quarantine` (what `pnpm quarantine` runs) against an embedded data folder (and PostgreSQL when the server is up): list, show, replay one
// or all. A replay decodes the message again with the current code: a message quarantined by a deployment that
// lacked an upcaster replays now; one of a version no code knows stays.

const APPEAL = '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f';

/** An event message as the relay publishes it, with the payload and version given. */
const messageOf = (type: string, data: unknown, schemaVersion: number): NewQuarantined['value'] => {
  const envelope: EventEnvelope = {
    id: randomUUID(),
    type,
    stream: `appeal-${APPEAL}`,
    streamPosition: 3,
    globalPosition: 42,
    time: '2026-04-01T05:00:00.000Z',
    data,
    metadata: { service: 'response', schemaVersion },
  };
  return toEventMessage(envelope).value;
};

/** Quarantined by an older deployment without the ComplaintFiled upcaster: a v1 complaint (no kind). */
const complaintV1 = messageOf(
  'ComplaintFiled',
  {
    appealId: APPEAL,
    complaintAppealId: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b',
    higherAgencyId: 'akimat-almaty-region',
    reason: {
      subjectId: '3f2e1d0c-9b8a-4766-a554-433221100fed',
      alg: 'A256GCM',
      iv: 'AAECAwQFBgcICQoL',
      ciphertext: 'dGV4dA==',
      tag: 'AAECAwQFBgcICQoLDA0ODw==',
    },
    filedAt: '2026-04-01T05:00:00.000Z',
  },
  1,
);
/** A version no code here knows. */
const routedV9 = messageOf('AppealRouted', { appealId: APPEAL, agencyId: 'akimat-almaty', by: 'rules' }, 9);

const entry = (offset: number, value: string): NewQuarantined => ({
  groupId: 'projections',
  topic: Topics.appealEvents,
  partition: 1,
  offset,
  key: APPEAL,
  value,
  headers: { 'content-type': 'application/json' },
  error: 'Cannot decode (invalid)',
});

/** Runs the CLI in this process; what it printed and its exit code. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['quarantine', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI's behaviour on one store; `where` names it on the command line. */
function behaves(name: string, setup: () => Promise<{ where: string[]; quarantine: Quarantine }>) {
  describe(`appeals quarantine on ${name}`, () => {
    let where: string[];
    let q: Quarantine;
    let ids: { complaint: string; future: string };
    beforeEach(async () => {
      ({ where, quarantine: q } = await setup());
      ids = {
        complaint: (await q.add(entry(7, complaintV1))).id,
        future: (await q.add(entry(8, routedV9))).id,
      };
    });

    it('lists the entries, as text and as JSON', async () => {
      const json = await cli([...where, '--json', 'list', '--group', 'projections']);
      expect(json.code).toBe(EXIT.ok);
      expect((JSON.parse(json.out) as Array<{ id: string }>).map((e) => e.id)).toEqual([
        ids.complaint,
        ids.future,
      ]);
      const text = await cli([...where, 'list']);
      expect(text.out).toContain(`${ids.future}\tprojections\t${Topics.appealEvents}/1@8`);
    });

    it('shows one entry and whether the current code decodes it; an unknown id exits 1', async () => {
      const shown = await cli([...where, '--json', 'show', ids.complaint]);
      expect(shown.code).toBe(EXIT.ok);
      expect(JSON.parse(shown.out)).toMatchObject({ id: ids.complaint, decodesNow: true, offset: 7 });
      const future = await cli([...where, 'show', ids.future]);
      expect(future.out).toContain('still undecodable');
      expect(future.out).toContain('future_version');
      expect((await cli([...where, 'show', '424242'])).code).toBe(EXIT.failed);
    });

    it('replays what decodes now, refuses what still does not', async () => {
      const refused = await cli([...where, 'replay', ids.future]);
      expect(refused.code).toBe(EXIT.failed);
      expect(refused.out).toContain('future_version');
      expect((await q.get(ids.future))?.replayRequested).toBe(false);

      const replayed = await cli([...where, '--json', 'replay', ids.complaint]);
      expect(replayed.code).toBe(EXIT.ok);
      expect(JSON.parse(replayed.out)).toEqual([{ id: ids.complaint, replayRequested: true }]);
      expect((await q.replayable('projections')).map((e) => e.id)).toEqual([ids.complaint]);
    });

    it('replays all: exit 1 when any stays undecodable', async () => {
      const all = await cli([...where, '--json', 'replay', '--all']);
      expect(all.code).toBe(EXIT.failed);
      const results = JSON.parse(all.out) as Array<{ id: string; replayRequested: boolean }>;
      expect(results.filter((r) => r.replayRequested).map((r) => r.id)).toContain(ids.complaint);
      expect(results.find((r) => r.id === ids.future)?.replayRequested).toBe(false);
    });

    it('exits 2 on bad usage', async () => {
      expect((await cli([...where, 'replay'])).code).toBe(EXIT.usage);
      expect((await cli([...where, 'replay', ids.future, '--all'])).code).toBe(EXIT.usage);
      expect((await cli([...where, 'purge'])).code).toBe(EXIT.usage);
    });
  });
}

let dir: string;
let sqliteStore: ReturnType<typeof createSqliteEventStore> | undefined;
afterEach(async () => {
  await sqliteStore?.close();
  sqliteStore = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

behaves('an embedded data folder', async () => {
  dir = mkdtempSync(join(tmpdir(), 'quarantine-cli-'));
  sqliteStore = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
  return { where: ['--data-dir', dir], quarantine: sqliteStore.quarantine };
});

const server = serverUnderTest('POSTGRES_URL');
server.describe('on PostgreSQL', () => {
  const schema = `quarantine_cli_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: server.url, max: 2 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });
  behaves('PostgreSQL', async () => {
    const store = await createPostgresEventStore({ pool, schema });
    await pool.query(`TRUNCATE ${schema}.quarantine`);
    return { where: ['--postgres-url', server.url, '--schema', schema], quarantine: store.quarantine };
  });
});

it('runs as a process: exit 2 for a data folder that does not exist, saying so', async () => {
  const ran = await appeals(['quarantine', '--data-dir', '/nonexistent-dir', 'list']);
  expect(ran.code).toBe(EXIT.usage);
  expect(ran.err).toContain('does not exist');
}, 60_000);
