import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { LINKED_APPEALS_SUBSCRIPTION } from '@appeals/appeal-application';
import { createChainSealer, createCheckpointSigner } from '@appeals/chain';
import { groupCheckpointId } from '@appeals/bus-eventstore';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { createEmbeddedSystem, type EmbeddedSystem } from '@appeals/gateway';
import { progressReporter } from '@appeals/observability/progress';
import { applyLogInBulk, finishBulk, markBucketsBuilt, Views } from '@appeals/projections';
import { verifyFolder } from '../verifyRate';

/**
 * `pnpm scale:prepare --data-dir DIR`: turns a folder written by `pnpm seed:scale` into the folder of a system that
 * has been running all along, measuring each step on the way (issue 13, item 3):
 * 1. seals the whole log into the global chain (what the audit service's sealer does behind the appends);
 * 2. verifies the whole log (`pnpm verify-log`'s check);
 * 3. builds the read views from zero (the rebuild's page step, into the folder's views.db);
 * 4. moves every consumer group of the embedded system, and the linked appeals process's checkpoint, to the head of
 *    the log, so the README's start command on the folder starts as a restart does. The history seed:scale writes is complete (routed, answered, closed by
 *    the decider), so no group has anything left to do in it; what this skips is the first start's catch-up,
 *    whose rate docs/benchmarks.md gives separately. The deadline watch (group `audit`) then knows no appeal of
 *    the seeded history: its sweep is not what the read figures measure.
 */

/** The embedded system's consumer groups (services/*: routing, projections, audit, notifications). */
const EMBEDDED_GROUPS = ['routing', 'projections', 'audit', 'notifications'] as const;

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Seals every event not yet in the global chain; answers how many and how fast. */
async function seal(dataDir: string, log: (line: string) => void) {
  const store = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
  try {
    const signer = createCheckpointSigner(readFileSync(join(dataDir, 'chain-signing.key'), 'utf8'));
    const sealer = createChainSealer({ store, chain: store.chain, signer, batchSize: 5_000 });
    const started = performance.now();
    const sealed = await sealer.sealNow({ checkpoint: true });
    const s = seconds(started);
    log(`seal: ${sealed} events in ${s.toFixed(1)} s (${Math.round(sealed / s)} events/s)`);
    return { events: sealed, seconds: +s.toFixed(1), eventsPerSecond: Math.round(sealed / s) };
  } finally {
    await store.close();
  }
}

/** Verifies the whole log read-only (range workers on the other cores), with progress lines. */
async function verify(dataDir: string, total: number, log: (line: string) => void) {
  const report = progressReporter({ label: 'verify', unit: 'events', total, write: log });
  const workers = Math.max(0, Math.min(7, availableParallelism() - 1));
  const r = await verifyFolder(dataDir, workers, (p) => report(p.events));
  log(
    `verify: ${r.events} events in ${r.wall.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} CPU-s (${workers} workers)`,
  );
  return {
    events: r.events,
    seconds: +r.wall.toFixed(1),
    eventsPerSecond: Math.round(r.events / r.wall),
    eventsPerCpuSecond: Math.round(r.events / r.cpuSeconds),
    workers,
  };
}

/**
 * Builds a system's views from zero as a rebuild does (the bulk pass, then the list indexes and every statistics
 * bucket) and moves every consumer group to the head of the log, so the system starts as a restart does; answers
 * how many events and how long the pass took. The system must not be started yet.
 */
export async function buildViewsOf(
  system: EmbeddedSystem,
  onPage: (events: number) => void = () => undefined,
): Promise<{ events: number; passSeconds: number }> {
  const started = performance.now();
  let events = 0;
  const { checkpoint, days } = await applyLogInBulk(
    {
      store: system.store,
      deps: { views: system.views },
      names: Views,
      batchSize: 1_000,
      onPage: async (n) => onPage((events += n)),
    },
    undefined,
  );
  const passSeconds = seconds(started);
  await finishBulk(system.views, Views, undefined, days);
  await markBucketsBuilt(system.views, Views);
  if (checkpoint !== undefined)
    for (const id of [...EMBEDDED_GROUPS.map(groupCheckpointId), LINKED_APPEALS_SUBSCRIPTION])
      await system.store.checkpoints.save(id, checkpoint);
  return { events, passSeconds };
}

/** {@link buildViewsOf} the folder's system, with progress lines; answers the rates. */
async function buildViews(dataDir: string, total: number, log: (line: string) => void) {
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  try {
    const report = progressReporter({ label: 'rebuild', unit: 'events', total, write: log });
    const started = performance.now();
    const { events, passSeconds } = await buildViewsOf(system, (n) => report(n));
    report(events, undefined, true);
    const s = seconds(started);
    log(`rebuild: ${events} events in ${s.toFixed(1)} s (${Math.round(events / s)} events/s)`);
    return {
      events,
      seconds: +s.toFixed(1),
      eventsPerSecond: Math.round(events / s),
      bulkPassSeconds: +passSeconds.toFixed(1),
    };
  } finally {
    await system.stop();
  }
}

export async function main(argv = process.argv.slice(2)) {
  const program = new Command('scale:prepare')
    .description(
      'Seals, verifies and builds the views of a seed:scale folder, measuring each step (issue 13).',
    )
    .requiredOption('--data-dir <dir>', 'the folder seed:scale wrote')
    .option('--skip <steps>', 'comma-separated steps to leave out: seal, verify, views', '')
    .parse(['node', 'scale:prepare', ...argv]);
  const o = program.opts<{ dataDir: string; skip: string }>();
  const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), o.dataDir);
  if (!existsSync(join(dataDir, 'appeals.db'))) throw new Error(`No appeals.db in ${dataDir}`);
  const skip = new Set(o.skip.split(',').filter(Boolean));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const result: Record<string, unknown> = { dataDir };
  const sealed = skip.has('seal') ? undefined : await seal(dataDir, log);
  if (sealed) result.seal = sealed;
  const verified = skip.has('verify') ? undefined : await verify(dataDir, sealed?.events ?? 0, log);
  if (verified) result.verify = verified;
  if (!skip.has('views'))
    result.rebuild = await buildViews(dataDir, verified?.events ?? sealed?.events ?? 0, log);
  result.bytes = Object.fromEntries(
    ['appeals.db', 'views.db', 'keys.db']
      .filter((f) => existsSync(join(dataDir, f)))
      .map((f) => [f, statSync(join(dataDir, f)).size]),
  );
  result.memoryRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`scale:prepare: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
