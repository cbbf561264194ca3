import { existsSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEmbeddedSystem } from '@appeals/gateway';
import {
  applyLogInBulk,
  applyLogPage,
  ensureLookupIndexes,
  ensureViewIndexes,
  finishBulk,
  Views,
} from '@appeals/projections';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { seedDataDir } from './load/seed';

/**
 * `pnpm rebuild-rate DIR [EVENTS] [ROUNDS] [VARIANTS]`: the read-view rebuild from zero (bench row "read-view rebuild
 * from zero (SQLite views)") over the log of a data folder, each variant into a fresh views file, the variants
 * interleaved round by round so each meets the same load; wall and CPU time (every thread of the process) of each
 * run, and a digest of the views it wrote (variants must agree). Seeds DIR first with EVENTS events (8 per appeal,
 * through the application's commands) when it has no log.
 */

/** One way to rebuild: applies the whole log of `system` to the views `views` (indexes declared by the variant). */
type Variant = (
  system: ReturnType<typeof createEmbeddedSystem>,
  views: ReturnType<typeof createSqliteReadStore>,
) => Promise<number>;

/** Page by page through `applyLogPage` with the indexes declared first (the rebuild before issue 13's rework). */
const pages: Variant = async (system, views) => {
  await ensureViewIndexes(views, Views);
  let events = 0;
  for (let after: string | undefined; ; ) {
    const page = await system.store.readAll({ after, limit: 1_000 });
    if (page.length === 0) return events;
    await applyLogPage({ views }, page, Views);
    events += page.length;
    after = page.at(-1)!.checkpoint;
  }
};

/** The rebuild's bulk pass (details in memory between pages, indexes and statistics built at the end). */
const bulkWith =
  (options: { cacheSize?: number; indexesFirst?: boolean; threads?: number }): Variant =>
  async (system, views) => {
    await (options.indexesFirst ? ensureViewIndexes : ensureLookupIndexes)(views, Views);
    let events = 0;
    const { days } = await applyLogInBulk(
      {
        store: system.store,
        deps: { views },
        names: Views,
        batchSize: 1_000,
        ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        onPage: async (n) => void (events += n),
      },
      undefined,
    );
    await finishBulk(views, Views, undefined, days);
    return events;
  };

/** The read-view rebuild from zero as `POST /admin/projections/rebuild` runs it (the bench row measures this). */
export const rebuildFromZero: Variant = bulkWith({});

export const VARIANTS: Record<string, Variant> = {
  pages,
  bulk: rebuildFromZero,
  // the bulk pass folded on this thread alone (before ADR 0038's fold threads)
  'bulk-1': bulkWith({ threads: 1 }),
  'bulk-nocache': bulkWith({ cacheSize: 0 }),
  'bulk-idx': bulkWith({ indexesFirst: true }),
};

/** A digest of the views a run wrote: documents and revisions (statistics buckets by their documents alone). */
function digest(filename: string): string {
  const db = new Database(filename, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'views\\_appeal\\_%' ESCAPE '\\' ORDER BY 1",
      )
      .pluck()
      .all() as string[];
    for (const table of tables) {
      const collection = table.slice('views_'.length);
      const rows = db.prepare(`SELECT id, revision, doc FROM "${table}" ORDER BY id`).iterate() as Iterable<{
        id: string;
        revision: number;
        doc: string;
      }>;
      for (const row of rows) {
        const revision = collection.startsWith(Views.stats) ? '' : String(row.revision);
        hash.update(`${collection}\u0000${row.id}\u0000${revision}\u0000${row.doc}\n`);
      }
    }
    return hash.digest('hex').slice(0, 16);
  } finally {
    db.close();
  }
}

/** Runs one variant into a fresh views file: events, wall and CPU seconds, the views' digest. */
async function runVariant(dir: string, name: string, variant: Variant) {
  const system = createEmbeddedSystem({
    dataDir: dir,
    logger: { error: () => undefined, warn: () => undefined },
  });
  const filename = join(dir, `rebuild-rate-${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
  const views = createSqliteReadStore({ filename });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const events = await variant(system, views);
  await views.close();
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await system.stop();
  const result = { events, wall, cpuSeconds: (used.user + used.system) / 1e6, digest: digest(filename) };
  for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
  return result;
}

async function main(): Promise<void> {
  const [dir, eventsText = '20000', roundsText = '3', variantsText] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: rebuild-rate DIR [EVENTS] [ROUNDS] [VARIANT,VARIANT…]');
  if (!existsSync(join(dir, 'appeals.db'))) await seedDataDir(dir, Number(eventsText));
  const names = variantsText ? variantsText.split(',') : Object.keys(VARIANTS);
  for (let round = 1; round <= Number(roundsText); round++)
    for (const name of names) {
      const variant = VARIANTS[name];
      if (!variant) throw new Error(`no variant ${name}: ${Object.keys(VARIANTS).join(', ')}`);
      const r = await runVariant(dir, name, variant);
      process.stdout.write(
        `round ${round} ${name.padEnd(12)} ${r.events} events, ${r.wall.toFixed(2)} s wall ` +
          `(${Math.round(r.events / r.wall)} events/s), ${r.cpuSeconds.toFixed(2)} CPU-s ` +
          `(${Math.round(r.events / r.cpuSeconds)} events per CPU-s), views ${r.digest}\n`,
      );
    }
}

if (require.main === module) void main();
