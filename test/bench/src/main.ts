import { createInProcessBus, type Bus } from '@appeals/bus';
import { createChainSealer, createCheckpointSigner, readPublicKey, verifyLog } from '@appeals/chain';
import { createKafkaBus } from '@appeals/bus-kafka';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { Pool } from 'pg';
import {
  createInMemoryCheckpointStore,
  createInMemoryEventStore,
  type EventStore,
  type NewEvent,
} from '@appeals/eventstore';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { createEmbeddedSystem } from '@appeals/gateway';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import { createPersonalDataVault, masterKeysFrom } from '@appeals/personal-data';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { startRelay } from '@appeals/relay';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadScenarios } from './load/scenarios';
import { kafkaSaslFromEnv } from './load/systems';
import { writeBenchmarks } from './load/docs';
import { drive } from './load/driver';
import { seedDataDir } from './load/seed';
import { rebuildFromZero } from './rebuildRate';
import { pool } from './stats';

// `pnpm bench`: measures, prints, and writes docs/benchmarks.md. A benchmark, not a test: no thresholds.

const APPEALS = Number(process.env.BENCH_APPEALS ?? 2000);
const E2E_APPEALS = Number(process.env.BENCH_E2E_APPEALS ?? 300);
// how often a client reads its appeal back; the reads are load too, so keep it modest
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);
const REBUILD_EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 20_000);
const rows: string[][] = [];
const record = (scenario: string, figure: string, detail = '') => {
  rows.push([scenario, figure, detail]);
  console.log(`${scenario.padEnd(58)} ${figure.padStart(16)}  ${detail}`);
};
const tmp = mkdtempSync(join(tmpdir(), 'appeals-bench-'));

const appealEvents = (appealId: string): NewEvent[] => [
  {
    id: randomUUID(),
    type: 'AppealSubmitted',
    data: { appealId, text: 'x'.repeat(400) },
    metadata: { service: 'bench' },
  },
  {
    id: randomUUID(),
    type: 'AppealRegistered',
    data: { appealId, registrationNumber: 'R' },
    metadata: { service: 'bench' },
  },
];

async function appendThroughput(name: string, store: EventStore, writers: number) {
  const started = performance.now();
  await pool(APPEALS, writers, async () => {
    const id = randomUUID();
    await store.append(`appeal-${id}`, appealEvents(id), { expectedVersion: 'no_stream' });
  });
  const seconds = (performance.now() - started) / 1000;
  const rate = (APPEALS * 2) / seconds;
  record(
    `append, ${name}, ${writers} writer${writers > 1 ? 's' : ''}`,
    `${Math.round(rate)} events/s`,
    `${APPEALS} streams × 2 events`,
  );
  return rate;
}

async function relayRate(
  store: EventStore,
  bus: Bus = createInProcessBus({ partitions: 12 }),
  label = 'in-process bus',
) {
  const total = (await store.readAll({ limit: 1_000_000 })).length;
  const started = performance.now();
  const relay = startRelay({ store, checkpoints: createInMemoryCheckpointStore(), bus });
  await relay.caughtUp();
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  await bus.close();
  record(`relay → ${label} publish`, `${Math.round(total / seconds)} events/s`, `${total} events`);
}

/**
 * The rebuild's bulk pass and what follows it (`rebuildFromZero`, what `POST /admin/rebuild` runs) over a log
 * of `REBUILD_EVENTS` events seeded through the application's commands (appeals filed, routed and answered), into
 * a fresh SQLite views file, reading the log in pages of 1,000.
 */
async function rebuildRate() {
  const dataDir = join(tmp, `rebuild-${randomUUID()}`);
  await seedDataDir(dataDir, REBUILD_EVENTS, () => undefined);
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  const views = createSqliteReadStore({ filename: join(dataDir, 'rebuilt-views.db') });
  const started = performance.now();
  const events = await rebuildFromZero(system, views);
  const seconds = (performance.now() - started) / 1000;
  await views.close();
  await system.stop();
  record(
    'read-view rebuild from zero (SQLite views)',
    `${Math.round(events / seconds)} events/s`,
    `${events} events (${Math.round(events / 8)} appeals filed, routed and answered), pages of 1,000, bulk pass (ADR 0024)`,
  );
  await verifyRate(dataDir);
}

/**
 * The global chain's sealer over the same seeded log (what the audit service does behind the appends, here all at
 * once), then `pnpm verify-log`'s check (verifyLog): every stream chain, global link and checkpoint.
 */
async function verifyRate(dataDir: string) {
  const writer = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
  const signer = createCheckpointSigner(readFileSync(join(dataDir, 'chain-signing.key'), 'utf8'));
  const sealer = createChainSealer({ store: writer, chain: writer.chain, signer, batchSize: 5_000 });
  const sealStarted = performance.now();
  const sealedNow = await sealer.sealNow({ checkpoint: true });
  const sealSeconds = (performance.now() - sealStarted) / 1000;
  await writer.close();
  record(
    'seal the log into the global chain (SQLite)',
    `${Math.round(sealedNow / sealSeconds)} events/s`,
    `${sealedNow} events, pages of 5,000, a signed checkpoint every 1,000`,
  );
  const store = createSqliteEventStore({ filename: join(dataDir, 'appeals.db'), readonly: true });
  const publicKeys = [readPublicKey(readFileSync(join(dataDir, 'chain-signing.pub'), 'utf8'))];
  const started = performance.now();
  const report = await verifyLog({ store, chain: store.chain, publicKeys, batchSize: 5_000 });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  if (!report.ok) throw new Error(`the seeded log does not verify: ${JSON.stringify(report.firstBad)}`);
  record(
    'verify the whole log (SQLite)',
    `${Math.round(report.events / seconds)} events/s`,
    `${report.events} events, ${report.sealed} sealed, ${report.checkpoints} signed checkpoints, pages of 5,000`,
  );
}

/** The load driver's own code, here inside the bench process (the separate-process runs are in load/). */
async function driveEndToEnd(base: string, concurrency: number, mode: string, count = E2E_APPEALS) {
  const r = await drive({
    base,
    appeals: count,
    clients: concurrency,
    pollMs: POLL_MS,
    waitMs: 0,
    deadlineSeconds: 300,
  });
  record(
    `end to end, ${mode}: submit → routed and visible, ${concurrency} clients`,
    `${r.appealsPerS} appeals/s`,
    `p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms (${count} appeals, ${r.errors} errors)`,
  );
  return r.appealsPerS;
}

async function endToEnd(concurrency: number) {
  const dataDir = join(tmp, `e2e-${concurrency}`);
  // a capacity measurement: the per-client rate limit (one address polls here) would measure the limiter instead
  const system = createEmbeddedSystem({
    dataDir,
    logger: { error: () => undefined, warn: () => undefined },
    edge: { rateLimit: false },
  });
  await system.start();
  const server = system.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const rate = await driveEndToEnd(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    concurrency,
    'embedded in the bench process',
  );
  await new Promise((r) => server.close(r));
  await system.stop();
  // the stopped system's log, and its personal-data keys under the master key it kept in the data folder
  const vault = createPersonalDataVault({
    keys: createSqliteKeyStore({ filename: join(dataDir, 'keys.db') }),
    masterKeys: masterKeysFrom({ key: readFileSync(join(dataDir, 'pii-master.key'), 'utf8') }),
  });
  return { rate, store: createSqliteEventStore({ filename: join(dataDir, 'appeals.db') }), vault };
}

async function main() {
  console.log(`Benchmarks on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}\n`);
  const memory = createInMemoryEventStore();
  const mem1 = await appendThroughput('in-memory', memory, 1);
  const sqlite = createSqliteEventStore({ filename: join(tmp, 'append.db') });
  const sq1 = await appendThroughput('SQLite (WAL, file)', sqlite, 1);
  const sq16 = await appendThroughput('SQLite (WAL, file)', sqlite, 16);
  await relayRate(sqlite);
  // Production adapters, when their servers are up (`pnpm infra:up`, then export what infra/local/all.sh env prints).
  const ratios: string[] = [];
  const pgUrl = process.env.POSTGRES_URL;
  if (pgUrl) {
    const pool = new Pool({ connectionString: pgUrl, max: 16 });
    const schema = `bench_${Date.now()}`;
    await pool.query(`CREATE SCHEMA ${schema}`);
    const pg = await createPostgresEventStore({ pool, schema });
    const pg1 = await appendThroughput('PostgreSQL', pg, 1);
    const pg16 = await appendThroughput('PostgreSQL', pg, 16);
    ratios.push(
      `- PostgreSQL, 16 writers vs 1 writer: ${(pg16 / pg1).toFixed(2)}×`,
      `- PostgreSQL vs SQLite, 1 writer: ${(pg1 / sq1).toFixed(2)}×`,
    );
    await pg.close();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  } else console.log('(PostgreSQL append skipped: POSTGRES_URL is not set)');
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) {
    const kafka = createKafkaBus({ brokers, sasl: kafkaSaslFromEnv(), clientId: 'bench', partitions: 12 });
    await relayRate(sqlite, kafka, 'Kafka (idempotent producer, one message per request)');
    await kafka.close();
  } else console.log('(relay → Kafka skipped: KAFKA_BROKERS is not set)');
  await sqlite.close();
  const e2e1 = await endToEnd(1);
  const e2e16 = await endToEnd(16);
  await e2e16.store.close();
  await rebuildRate();
  await e2e1.store.close();
  ratios.unshift(
    `- SQLite, 16 writers vs 1 writer: ${(sq16 / sq1).toFixed(2)}× (one process; better-sqlite3 is synchronous, so writers take turns)`,
    `- SQLite vs in-memory, 1 writer: ${(sq1 / mem1).toFixed(2)}×`,
  );
  const load = await loadScenarios(tmp);
  const out = writeBenchmarks({ rows, ratios, load, cores: cpus().length });
  console.log(`\n${ratios.join('\n')}\nwritten to ${out}`);
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
