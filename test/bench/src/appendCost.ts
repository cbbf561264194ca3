import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import type { EventStore, NewEvent } from '@appeals/eventstore';
import { pool } from './stats';

// `pnpm --filter @appeals/bench append-cost`: what the tamper-evident history costs an append (docs/security.md#tamper-evident-history).
// Each stream is created with 2 events (no predecessor) and then gets 2 single-event appends with an exact expected
// version (the stream chain reads the predecessor's hash). ADAPTERS_ROOT points at another checkout's root to load
// its adapters instead (the "before" figures); it also measures the sealer when this checkout has one.

const STREAMS = Number(process.env.APPEND_COST_STREAMS ?? 500);
const root = resolve(process.env.ADAPTERS_ROOT ?? join(__dirname, '..', '..', '..'));
const pgUrl = process.env.POSTGRES_URL;

const event = (n: number): NewEvent => ({
  id: randomUUID(),
  type: n === 0 ? 'AppealSubmitted' : 'AppealNoted',
  data: { n, text: 'x'.repeat(400), applicant: { fullName: 'Айгерим Садыкова', kato: '751510000' } },
  metadata: { service: 'bench', actor: { id: 'u-1', role: 'registrar', agencyId: 'akimat-1' } },
});

async function measure(name: string, store: EventStore, writers: number): Promise<number> {
  const started = performance.now();
  await pool(STREAMS, writers, async () => {
    const streamId = `appeal-${randomUUID()}`;
    await store.append(streamId, [event(0), event(1)], { expectedVersion: 'no_stream' });
    await store.append(streamId, [event(2)], { expectedVersion: 1 });
    await store.append(streamId, [event(3)], { expectedVersion: 2 });
  });
  const rate = (STREAMS * 4) / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(34)} ${writers.toString().padStart(2)} writer(s): ${Math.round(rate)} events/s`);
  return rate;
}

/** The chain's module in the checkout under test: packages/chain, or the event store before the chain moved out. */
async function chainModule(): Promise<Record<string, unknown>> {
  const own = join(root, 'packages/chain/src/index.ts');
  const before = join(root, 'packages/eventstore/src/index.ts');
  return (await import(existsSync(own) ? own : before)) as Record<string, unknown>;
}

/** How fast the sealer extends the global chain over what was appended (only where a sealer exists). */
async function sealRate(name: string, store: EventStore & { chain?: unknown }) {
  const chainExports = await chainModule();
  if (typeof chainExports.createChainSealer !== 'function' || store.chain === undefined) return;
  const createChainSealer =
    chainExports.createChainSealer as typeof import('@appeals/chain').createChainSealer;
  const generateSigningKey =
    chainExports.generateSigningKey as typeof import('@appeals/chain').generateSigningKey;
  const createCheckpointSigner =
    chainExports.createCheckpointSigner as typeof import('@appeals/chain').createCheckpointSigner;
  const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);
  const started = performance.now();
  const sealed = await createChainSealer({
    store,
    chain: store.chain as import('@appeals/chain').ChainStore,
    signer,
  }).sealNow({ checkpoint: true });
  const rate = sealed / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(34)} sealer: ${sealed} events at ${Math.round(rate)} events/s`);
}

/** CPU cost of the stream chain alone: canonical encoding + SHA-256 per event, no storage. */
async function hashCost() {
  const chainExports = await chainModule();
  if (typeof chainExports.chainBatch !== 'function') return;
  const chainBatch = chainExports.chainBatch as typeof import('@appeals/chain').chainBatch;
  const batch = Array.from({ length: 20_000 }, (_, n) => {
    const e = event(n);
    return {
      id: e.id,
      type: e.type,
      time: new Date().toISOString(),
      dataJson: JSON.stringify(e.data),
      metadataJson: JSON.stringify(e.metadata),
    };
  });
  const started = performance.now();
  chainBatch('appeal-1', 0, null, batch);
  const micros = ((performance.now() - started) * 1000) / batch.length;
  console.log(`stream chain hashing alone: ${micros.toFixed(1)} µs per event (${batch.length} events)`);
}

async function main() {
  console.log(`adapters from ${root}, ${STREAMS} streams × 4 events`);
  await hashCost();
  const { createSqliteEventStore } = (await import(
    join(root, 'packages/eventstore-sqlite/src/index.ts')
  )) as typeof import('@appeals/eventstore-sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'appeals-append-cost-'));
  const sqlite = createSqliteEventStore({ filename: join(dir, 'append.db') });
  await measure('SQLite (WAL, file)', sqlite, 1);
  await measure('SQLite (WAL, file)', sqlite, 16);
  await sealRate('SQLite (WAL, file)', sqlite);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  if (!pgUrl) {
    console.log('(PostgreSQL skipped: POSTGRES_URL is not set)');
    return;
  }
  const { createPostgresEventStore } = (await import(
    join(root, 'packages/eventstore-postgres/src/index.ts')
  )) as typeof import('@appeals/eventstore-postgres');
  const connections = new Pool({ connectionString: pgUrl, max: 16 });
  const schema = `append_cost_${Date.now()}`;
  try {
    const pg = await createPostgresEventStore({ pool: connections, schema });
    const one = await measure('PostgreSQL', pg, 1);
    const sixteen = await measure('PostgreSQL', pg, 16);
    console.log(`PostgreSQL 16 writers vs 1: ${(sixteen / one).toFixed(2)}×`);
    await sealRate('PostgreSQL', pg);
    await pg.close();
  } finally {
    await connections.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await connections.end();
  }
}

void main();
