import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import {
  createChainSealer,
  createCheckpointSigner,
  generateSigningKey,
  readPublicKey,
  verifyLog,
  type ChainStore,
  type LogVerifyProgress,
} from '@appeals/chain';
import { type EventStore, type StoredEvent } from '@appeals/eventstore';
import { untilReadable } from '@appeals/eventstore/contract';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { serverUnderTest } from '@appeals/testkit/server';
import { appeals } from '../testFolder';
import { openVerifyState } from './verifyState';

// `appeals verify` run as a process (as `pnpm appeals verify` and `pnpm verify-log` run it) against an embedded data folder and against
// PostgreSQL: exit 0 on an untouched log, 1 naming the first bad event after a row is altered, 2 on bad usage.

// each test starts the CLI (a few seconds each on a busy 2-core machine), some twice
jest.setTimeout(60_000);

const run = (args: string[], env: Record<string, string>) => appeals(['verify', ...args], env);

/** Two appeals, interleaved, sealed and signed; closes the store. */
async function sealedHistory(store: EventStore & { chain: ChainStore }, privateKeyPem: string) {
  const events = await history(store);
  await untilReadable(store, events); // on PostgreSQL another suite's transaction may hold them back a moment
  const signer = createCheckpointSigner(privateKeyPem);
  await createChainSealer({ store, chain: store.chain, signer }).sealNow({ checkpoint: true });
  await store.close();
  return events;
}

/** Two appeals, interleaved. */
async function history(store: EventStore): Promise<StoredEvent[]> {
  const a = `appeal-${randomUUID()}`;
  const b = `appeal-${randomUUID()}`;
  const event = (n: number) => ({
    id: randomUUID(),
    type: 'ThingHappened',
    data: { n },
    metadata: { service: 'intake' },
  });
  return [
    ...(await store.append(a, [event(0), event(1)], { expectedVersion: 'no_stream' })).events,
    ...(await store.append(b, [event(0)], { expectedVersion: 'no_stream' })).events,
    ...(await store.append(a, [event(2)], { expectedVersion: 1 })).events,
  ];
}

describe('appeals verify on the embedded data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'appeals-verify-'));
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  let events: StoredEvent[];

  beforeAll(async () => {
    const store = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
    events = await sealedHistory(store, privateKeyPem);
    writeFileSync(join(dataDir, 'chain-signing.pub'), publicKeyPem);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 for an untouched log, with progress on stderr and the signed head on stdout', async () => {
    const { code, out, err } = await run([], { DATA_DIR: dataDir });
    expect(err).toMatch(/events checked/);
    expect(out).toMatch(
      /^OK: 4 events checked, 4 sealed in the global chain, 0 not yet sealed, 1 signed checkpoint/,
    );
    expect(out).toMatch(/signed head: chain link 4 [0-9a-f]{64}/);
    expect(code).toBe(0);
  });

  it('exits 2 on bad usage, naming the option', async () => {
    const { code, err } = await run(['--batch-size', '0'], { DATA_DIR: dataDir });
    expect(err).toMatch(/--batch-size.*must be a whole number/);
    expect(code).toBe(2);
    const workers = await run(['--workers', '-1'], { DATA_DIR: dataDir });
    expect(workers.err).toMatch(/--workers.*must be a whole number of at least 0/);
    expect(workers.code).toBe(2);
    expect((await run(['--workers', '0'], { DATA_DIR: dataDir })).code).toBe(0);
    expect((await run(['--data-dir', join(dataDir, 'nowhere')], {})).code).toBe(2);
  });

  it('goes on from a --state file after an interruption, and removes the file once the log is judged', async () => {
    // what the CLI keeps after its first page when stopped there (pages of 2: the stream begun before goes on after)
    const file = join(dataDir, 'appeals.db');
    const store = createSqliteEventStore({ filename: file, readonly: true });
    const pages: LogVerifyProgress[] = [];
    const publicKeys = [readPublicKey(publicKeyPem)];
    await verifyLog({
      store,
      chain: store.chain,
      publicKeys,
      batchSize: 2,
      onProgress: (p) => pages.push(p),
    });
    await store.close();
    const stateFile = join(dataDir, 'verify.state');
    openVerifyState(stateFile, file).save(pages[0]!);

    const { code, out, err } = await run(['--state', stateFile], { DATA_DIR: dataDir });
    expect(err).toMatch(/going on after 2 events checked before/);
    expect(err).toMatch(/4 of ~4 events checked \(100\.0 %\), 4 sealed, \d+ events\/s, ETA 0s/);
    expect(out).toMatch(/^OK: 4 events checked, 4 sealed in the global chain/);
    expect(code).toBe(0);
    expect(existsSync(stateFile)).toBe(false);
  });

  it('refuses a --state file that is not a state of this log (exit 2, naming why)', async () => {
    const stateFile = join(dataDir, 'other.state');
    openVerifyState(stateFile, '/elsewhere/appeals.db').save({ events: 1, sealed: 1, prevChainHash: null });
    const other = await run(['--state', stateFile], { DATA_DIR: dataDir });
    expect(other.err).toMatch(/is the state of another log \(\/elsewhere\/appeals\.db\)/);
    expect(other.code).toBe(2);
    writeFileSync(stateFile, '{"kind":"appeals-verify-log-state","log":"x","progress":{"events":-1}}');
    const bad = await run(['--state', stateFile], { DATA_DIR: dataDir });
    expect(bad.err).toMatch(/is not a verify-log state: progress\.events/);
    expect(bad.code).toBe(2);
  });

  it('exits 1 and names the first bad event after a row was altered in the file', async () => {
    const db = new Database(join(dataDir, 'appeals.db'));
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run('{"n":42}', events[1]!.id);
    db.close();
    const { code, out } = await run(['--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(out)).toMatchObject({
      ok: false,
      firstBad: { position: events[1]!.globalPosition, eventId: events[1]!.id },
    });
    expect(code).toBe(1);
  });
});

const server = serverUnderTest('POSTGRES_URL');

server.describe('appeals verify on PostgreSQL', () => {
  const schema = `es_verify_${randomBytes(6).toString('hex')}`;
  const pool = new Pool({ connectionString: server.url, max: 2 });
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  let events: StoredEvent[];
  const env = () => ({ POSTGRES_URL: server.url, POSTGRES_SCHEMA: schema, CHAIN_PUBLIC_KEY: publicKeyPem });

  beforeAll(async () => {
    const store = await createPostgresEventStore({ pool, schema });
    events = await sealedHistory(store, privateKeyPem);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('exits 0 for an untouched log', async () => {
    const { code, out } = await run([], env());
    expect(out).toMatch(/^OK: 4 events checked, 4 sealed/);
    expect(code).toBe(0);
  });

  it('exits 1 naming the first bad event after a row was deleted', async () => {
    await pool.query(`DELETE FROM ${schema}.events WHERE event_id = $1`, [events[2]!.id]);
    const { code, out } = await run([], env());
    expect(out).toMatch(
      new RegExp(`first bad event: global position ${events[2]!.globalPosition}, event ${events[2]!.id}`),
    );
    expect(code).toBe(1);
  });

  it('refuses a checkpoint signed by a key it was not given', async () => {
    const { code, out } = await run([], { ...env(), CHAIN_PUBLIC_KEY: generateSigningKey().publicKeyPem });
    expect(out).toMatch(/TAMPERED/);
    expect(code).toBe(1);
  });
});
