import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createChainSealer,
  createCheckpointSigner,
  generateSigningKey,
  readPublicKey,
  verifyLog,
  type LogVerifyProgress,
} from '@appeals/chain';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';

/**
 * `pnpm verify-rate DIR EVENTS [ROUNDS]`: the whole-log check (bench row "verify the whole log") on one thread and
 * in ranges on worker threads, interleaved so both meet the same load; wall and CPU time of each run. Seeds DIR
 * first with EVENTS events (8 per appeal; sealed, a checkpoint every 1,000) when it has no log.
 */
async function seed(dir: string, events: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const key = generateSigningKey();
  writeFileSync(join(dir, 'chain-signing.pub'), key.publicKeyPem);
  const store = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
  // an appeal's 8 events in one append (one transaction each), appeals in order; the WAL is truncated now and
  // then (the seeding never yields to the checkpointer's timer)
  for (let a = 0; a * 8 < events; a++) {
    const steps = Math.min(8, events - a * 8);
    await store.append(
      `appeal-${a}`,
      Array.from({ length: steps }, (_, step) => ({
        id: `${a}-${step}`,
        type: `Step${step}`,
        data: { appealId: `${a}`, step, text: 'Жалоба на бездействие акимата, прошу рассмотреть', at: a },
        metadata: { actor: { id: `u-${a % 97}`, role: 'clerk', agencyId: 'a-1' }, service: 'intake' },
      })),
      { expectedVersion: 'no_stream' },
    );
    if (a % 5000 === 4999) store.db.pragma('wal_checkpoint(TRUNCATE)');
  }
  const signer = createCheckpointSigner(key.privateKeyPem);
  await createChainSealer({ store, chain: store.chain, signer, batchSize: 5_000 }).sealNow({
    checkpoint: true,
  });
  await store.close();
}

/**
 * Verifies the log of a data folder (read-only, pages of 5,000; `workers` range workers, 0 = one thread) and answers
 * the events, wall and CPU seconds; throws when it does not verify.
 */
export async function verifyFolder(
  dir: string,
  workers: number,
  onProgress?: (progress: LogVerifyProgress) => void,
) {
  const store = createSqliteEventStore({ filename: join(dir, 'appeals.db'), readonly: true });
  const publicKeys = [readPublicKey(readFileSync(join(dir, 'chain-signing.pub'), 'utf8'))];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await verifyLog({
    store,
    chain: store.chain,
    publicKeys,
    batchSize: 5_000,
    parallel: { workers },
    ...(onProgress ? { onProgress } : {}),
  });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await store.close();
  if (!report.ok) throw new Error(`the log does not verify: ${JSON.stringify(report.firstBad)}`);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { events: report.events, wall, cpuSeconds };
}

async function main(): Promise<void> {
  const [dir, eventsText, roundsText = '3'] = process.argv.slice(2);
  if (dir === undefined || eventsText === undefined)
    throw new Error('usage: verify-rate DIR EVENTS [ROUNDS]');
  if (!existsSync(join(dir, 'appeals.db'))) await seed(dir, Number(eventsText));
  for (let round = 1; round <= Number(roundsText); round++)
    for (const workers of [0, 1]) {
      const r = await verifyFolder(dir, workers);
      process.stdout.write(
        `round ${round} ${workers === 0 ? 'one thread' : `+${workers} worker`}: ${r.events} events, ` +
          `${r.wall.toFixed(2)} s wall (${Math.round(r.events / r.wall)} events/s), ${r.cpuSeconds.toFixed(2)} CPU-s ` +
          `(${Math.round(r.events / r.cpuSeconds)} events per CPU-s)\n`,
      );
    }
}

if (require.main === module) void main();
