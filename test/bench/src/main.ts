import { createInProcessBus, type Bus } from '@appeals/bus';
import { createKafkaBus, readUsersFile, type KafkaSasl } from '@appeals/bus-kafka';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { Pool } from 'pg';
import {
  createInMemoryCheckpointStore,
  createInMemoryEventStore,
  type EventStore,
  type NewEvent,
} from '@appeals/eventstore';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { createEmbeddedSystem, launchCluster } from '@appeals/gateway';
import { dropNamespace } from '@appeals/service-host/namespace';
import { project } from '@appeals/projections';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import { createPersonalDataVault, masterKeysFrom, type PersonalDataVault } from '@appeals/personal-data';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { startRelay, toEnvelope } from '@appeals/relay';
import { toEventMessage } from '@appeals/contracts';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pool, summarize } from './stats';

// `pnpm bench`: measures, prints, and writes docs/benchmarks.md. A benchmark, not a test: no thresholds.

const APPEALS = Number(process.env.BENCH_APPEALS ?? 2000);
const E2E_APPEALS = Number(process.env.BENCH_E2E_APPEALS ?? 300);
const CLUSTER_APPEALS = Number(process.env.BENCH_CLUSTER_APPEALS ?? 60);
// how often a client reads its appeal back; the reads are load too, so keep it modest
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);
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

async function rebuildRate(store: EventStore, vault: PersonalDataVault) {
  // a real lifecycle log: what the embedded system wrote in the end-to-end run
  const events = await store.readAll({ limit: 1_000_000 });
  const views = createSqliteReadStore({ filename: join(tmp, `rebuild-${randomUUID()}.db`) });
  const started = performance.now();
  for (const e of events) {
    if (!e.streamId.startsWith('appeal-')) continue;
    await project({ views, vault }, toEventMessage(toEnvelope(e)));
  }
  const seconds = (performance.now() - started) / 1000;
  await views.close();
  record(
    'read-view rebuild from zero (SQLite views)',
    `${Math.round(events.length / seconds)} events/s`,
    `${events.length} events`,
  );
}

/** Files appeals over HTTP with `concurrency` clients; each latency runs from POST until the appeal reads back routed (polled every POLL_MS). */
async function driveEndToEnd(base: string, concurrency: number, mode: string, count = E2E_APPEALS) {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'application',
        categoryId: i % 2 ? 'housing_utilities' : 'education',
        regionKato: '751510000',
        language: 'ru',
        subject: `Обращение ${i}`,
        text: 'Прошу рассмотреть вопрос о ремонте подъезда в доме по улице Абая.',
        applicant: { type: 'individual', fullName: 'Тест Бенчмарков' },
      }),
    });
    const { id, trackingCode } = (await res.json()) as { id: string; trackingCode: string };
    for (;;) {
      const view = (await (await fetch(`${base}/appeals/${id}?trackingCode=${trackingCode}`)).json()) as {
        status?: string;
      };
      if (view.status === 'routed') break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    latencies.push(performance.now() - t0);
  });
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(latencies);
  record(
    `end to end, ${mode}: submit → routed and visible, ${concurrency} clients`,
    `${(count / seconds).toFixed(1)} appeals/s`,
    `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${count} appeals)`,
  );
  return count / seconds;
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
    'embedded',
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

/** The admin's credentials (what infra/local/kafka.sh env prints), when the broker wants SASL. */
function kafkaSaslFromEnv(): KafkaSasl | undefined {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = process.env;
  return mechanism && username && password ? ({ mechanism, username, password } as KafkaSasl) : undefined;
}

/** The same drive against the cluster (built processes on the real servers), in a namespace of its own. */
async function clusterEndToEnd(servers: {
  POSTGRES_URL: string;
  KAFKA_BROKERS: string;
  MONGODB_URL: string;
}) {
  const root = resolve(__dirname, '../../..');
  if (!existsSync(join(root, 'services/gateway/dist/main.js'))) {
    console.log('(cluster end to end skipped: run `pnpm build` first)');
    return [];
  }
  const id = randomUUID().slice(0, 8);
  const mongo = new URL(servers.MONGODB_URL);
  mongo.pathname = `/bench_${id}`;
  const namespace = {
    postgresUrl: servers.POSTGRES_URL,
    schema: `bench_${id}`,
    kafkaBrokers: servers.KAFKA_BROKERS,
    kafkaNamespace: `bench-${id}`,
    kafkaSasl: kafkaSaslFromEnv(),
    mongodbUrl: mongo.toString(),
  };
  const usersFile = process.env.KAFKA_USERS_FILE;
  const cluster = await launchCluster({
    root,
    servers: { ...servers, MONGODB_URL: namespace.mongodbUrl },
    gatewayPort: 0,
    basePort: 0,
    inherited: { PATH: process.env.PATH },
    env: {
      POSTGRES_SCHEMA: namespace.schema,
      KAFKA_NAMESPACE: namespace.kafkaNamespace,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_WINDOW: '0', // as above: measure the platform, not the limiter
    },
    ...(namespace.kafkaSasl
      ? { kafka: { admin: namespace.kafkaSasl, users: usersFile ? readUsersFile(usersFile) : undefined } }
      : {}),
    output: () => undefined,
    readyTimeoutMs: 90_000,
  });
  const rates: number[] = [];
  try {
    for (const c of [1, 16])
      rates.push(
        await driveEndToEnd(`${cluster.url}/api/v1`, c, 'cluster (one process per service)', CLUSTER_APPEALS),
      );
  } finally {
    await cluster.stop(10_000);
    await dropNamespace(namespace);
  }
  return rates;
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
  await rebuildRate(e2e1.store, e2e1.vault);
  await e2e1.store.close();
  if (pgUrl && brokers && process.env.MONGODB_URL) {
    const [c1, c16] = await clusterEndToEnd({
      POSTGRES_URL: pgUrl,
      KAFKA_BROKERS: brokers,
      MONGODB_URL: process.env.MONGODB_URL,
    });
    if (c1 && c16)
      ratios.push(
        `- end to end, cluster vs embedded: ${(c1 / e2e1.rate).toFixed(2)}× with 1 client, ${(c16 / e2e16.rate).toFixed(2)}× with 16 clients (all processes share 2 cores here)`,
      );
  } else console.log('(cluster end to end skipped: POSTGRES_URL, KAFKA_BROKERS and MONGODB_URL are needed)');

  ratios.unshift(
    `- SQLite, 16 writers vs 1 writer: ${(sq16 / sq1).toFixed(2)}× (one process; better-sqlite3 is synchronous, so writers take turns)`,
    `- SQLite vs in-memory, 1 writer: ${(sq1 / mem1).toFixed(2)}×`,
  );
  const doc = `# Benchmarks

Measured with \`pnpm bench\` (= \`pnpm --filter @appeals/bench bench\`; sizes via \`BENCH_APPEALS\`, \`BENCH_E2E_APPEALS\`, \`BENCH_CLUSTER_APPEALS\`, \`BENCH_POLL_MS\` (read-back poll, default 10 ms))
on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. A benchmark, not a test:
figures vary with the machine and its load (this run shared the 2 cores with other builds); compare ratios measured in one run.

| scenario | figure | detail |
|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Ratios in this run:
${ratios.join('\n')}

PostgreSQL and Kafka rows appear when \`POSTGRES_URL\` / \`KAFKA_BROKERS\` are set (\`pnpm infra:up\`). The cluster rows need \`pnpm build\` too.
`;
  const out = resolve(__dirname, '../../../docs/benchmarks.md');
  writeFileSync(out, doc);
  console.log(`\n${ratios.join('\n')}\nwritten to ${out}`);
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
