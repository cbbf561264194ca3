import { seededRandom } from '@appeals/analytics';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createCore } from '@appeals/core';
import { appealStream, type EventStore } from '@appeals/eventstore';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createEmbeddedSystem } from '@appeals/gateway';
import { progressReporter } from '@appeals/observability/progress';
import type { PersonalDataVault } from '@appeals/personal-data';
import { demoCatalog } from '@appeals/reference-data';
import { connectVault } from '@appeals/service-host';
import { localDateOf, mondayOf, periodBefore, periodOf } from '@appeals/analytics';
import { generateAppeal, type Course, type HistoryContext } from './history';

/**
 * `pnpm seed:scale --events 10000000`: writes a realistic history straight through the event store port (issue 13,
 * item 3) into an embedded data folder (SQLite, the README's start command can then run on it) or a PostgreSQL
 * schema, and reports what it wrote: appeals, events, courses, rate, bytes per appeal.
 */

const whole = (min: number) => (value: string) => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
  return n;
};
const day = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  return value;
};

interface Options {
  surge?: SurgeSpec;
  events: number;
  dataDir?: string;
  postgresUrl?: string;
  schema: string;
  from: string;
  to: string;
  seed: number;
  writers: number;
  accounts?: number;
}

/** The target: its store and vault, and how to close it and learn how many bytes it holds. */
async function openTarget(o: Options) {
  if (o.postgresUrl) {
    if (!process.env.PII_MASTER_KEY)
      throw new Error(
        'PII_MASTER_KEY is not set: the cluster that reads this schema must hold the same master key',
      );
    const store = await createPostgresEventStore({ connectionString: o.postgresUrl, schema: o.schema });
    const vault = await connectVault(
      {
        POSTGRES_SCHEMA: o.schema,
        PII_MASTER_KEY: process.env.PII_MASTER_KEY ?? '',
        PII_MASTER_KEY_ID: process.env.PII_MASTER_KEY_ID ?? 'k1',
      },
      store,
    );
    const bytes = async () => {
      const { rows } = await store.pool.query<{ b: string | null }>(
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS b
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
        [o.schema],
      );
      return Number(rows[0]?.b ?? 0);
    };
    return {
      where: `PostgreSQL schema ${o.schema}`,
      store: store as EventStore,
      vault: vault.value,
      /** closes the target; answers the bytes it holds (tables and indexes of the schema) */
      finish: async () => {
        const b = await bytes();
        await vault.close();
        await store.close();
        return b;
      },
    };
  }
  const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), o.dataDir ?? './data-scale');
  mkdirSync(dataDir, { recursive: true });
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  return {
    where: dataDir,
    store: system.store as EventStore,
    vault: system.vault as PersonalDataVault,
    /** closes the target (SQLite folds the write-ahead logs back in); answers the bytes of the log and the keys */
    finish: async () => {
      await system.stop();
      return readdirSync(dataDir)
        .filter((f) => f.startsWith('appeals.db') || f.startsWith('keys.db'))
        .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
    },
  };
}

/** Extra appeals of one category in one region in one week, on top of the drawn ones (`--surge`). */
export interface SurgeSpec {
  categoryId: string;
  regionKato: string;
  /** a day of the week (local): the appeals are filed Monday to Friday of it */
  week: string;
  count: number;
}

/** What the history is written to (an event store and the vault that seals its personal data). */
export interface HistoryTarget {
  store: EventStore;
  vault: PersonalDataVault;
}

export interface HistoryOptions {
  events: number;
  from: string;
  to: string;
  seed: number;
  writers: number;
  accounts?: number;
  surge?: SurgeSpec;
}

/** Where and how a writer files the generated appeals: the period, the seed, how many accounts file them. */
export interface WriterOptions {
  from: string;
  to: string;
  seed: number;
  /** how many appeals the period is spread over (the filing times step through it by this count) */
  expectedAppeals: number;
  accounts?: number | undefined;
}

const OFFSET_MINUTES = 300; // Almaty

/**
 * The writer of realistic appeals (history.ts) into an event store through its port: `write(serial)` generates the
 * appeal of that serial (by default filed in order over the period, at a working hour) and appends its stream;
 * `courses` and `refused` tally what was written. writeHistory writes with it, and so do the tests and benchmarks
 * that need a given number of appeals.
 */
export function historyWriter(target: HistoryTarget, o: WriterOptions) {
  const core = createCore({
    catalog: demoCatalog(),
    api: { title: 'seed:scale', version: '0' },
    store: target.store,
    vault: target.vault,
  });
  const random = seededRandom(o.seed);
  const ctx: HistoryContext = {
    decider: core.commands.decider,
    catalog: core.catalog,
    vault: target.vault,
    random,
    newId: randomUUID,
    accounts: o.accounts ?? Math.ceil(o.expectedAppeals * 0.8),
  };
  const from = Date.parse(`${o.from}T04:00:00Z`); // 09:00 in Almaty
  const span = Date.parse(`${o.to}T04:00:00Z`) - from;
  const courses: Partial<Record<Course, number>> = {};
  const refused: Record<string, number> = {};
  /** serial's filing time: in order over the period, at a working hour (09:00–18:00) */
  const filedAt = (serial: number) =>
    new Date(from + (span * serial) / o.expectedAppeals + Math.floor(random() * 9) * 3_600_000);
  return {
    courses,
    refused,
    /** writes the appeal `serial` (filed when given, in `cell` when given); answers it */
    async write(serial: number, at: Date = filedAt(serial), cell: Partial<SurgeSpec> = {}) {
      const appeal = await generateAppeal(ctx, serial, at, cell);
      courses[appeal.course] = (courses[appeal.course] ?? 0) + 1;
      const why = appeal.refusedAt?.split(':')[0];
      if (why) refused[why] = (refused[why] ?? 0) + 1;
      await target.store.append(appealStream(appeal.appealId), appeal.events, {
        expectedVersion: 'no_stream',
      });
      return appeal;
    },
  };
}

/**
 * Writes appeals filed in order over [from, to] until `events` events are stored, then the surge's extra appeals;
 * answers the tally. With a surge, also the appeals its cell registered in its week and each of the 8 weeks before
 * (what the surges route must find).
 */
export async function writeHistory(target: HistoryTarget, o: HistoryOptions, log: (line: string) => void) {
  const history = historyWriter(target, { ...o, expectedAppeals: Math.ceil(o.events / 8) });
  const surgeWeeks = new Map<string, number>();
  let written = 0;
  let appeals = 0;
  const report = progressReporter({ label: 'seed:scale', unit: 'events', total: o.events, write: log });
  const writeOne = async (serial: number, filedAt?: Date, cell?: Partial<SurgeSpec>) => {
    const appeal = await history.write(serial, filedAt, cell);
    written += appeal.events.length;
    if (
      o.surge &&
      appeal.registeredAt &&
      appeal.categoryId === o.surge.categoryId &&
      appeal.regionKato === o.surge.regionKato
    ) {
      const monday = mondayOf(localDateOf(appeal.registeredAt, OFFSET_MINUTES));
      surgeWeeks.set(monday, (surgeWeeks.get(monday) ?? 0) + 1);
    }
    report(written);
  };
  const started = performance.now();
  const writer = async () => {
    // filed in order over the period, at a working hour (09:00–18:00)
    while (written < o.events) await writeOne(appeals++);
  };
  await Promise.all(Array.from({ length: o.writers }, writer));
  if (o.surge) {
    const monday = Date.parse(`${mondayOf(o.surge.week)}T04:00:00Z`);
    for (let i = 0; i < o.surge.count; i++)
      await writeOne(appeals++, new Date(monday + (i % 5) * 86_400_000 + (i % 8) * 3_600_000), o.surge);
  }
  const seconds = (performance.now() - started) / 1000;
  report(written, undefined, true);
  const week = o.surge && periodOf('week', o.surge.week, OFFSET_MINUTES);
  return {
    appeals,
    events: written,
    seconds: +seconds.toFixed(1),
    eventsPerSecond: Math.round(written / seconds),
    courses: history.courses,
    refused: history.refused,
    ...(o.surge && week
      ? {
          surge: {
            ...o.surge,
            weekStart: week.start,
            observed: surgeWeeks.get(week.start) ?? 0,
            baseline: Array.from(
              { length: 8 },
              (_, i) => periodBefore(week, OFFSET_MINUTES, 8 - i).start,
            ).map((m) => ({ week: m, count: surgeWeeks.get(m) ?? 0 })),
          },
        }
      : {}),
  };
}

/** Writes appeals until `events` events are stored into the target the options name; answers the tally. */
export async function seedScale(o: Options, log: (line: string) => void) {
  const target = await openTarget(o);
  let finished: number | undefined;
  const finish = async () => (finished ??= await target.finish());
  log(
    `seed:scale: ${o.events} events into ${target.where}, appeals filed ${o.from} to ${o.to}, seed ${o.seed}`,
  );
  try {
    const tally = await writeHistory(target, { ...o, writers: o.postgresUrl ? o.writers : 1 }, log);
    const bytes = await finish();
    return {
      where: target.where,
      ...tally,
      bytes,
      bytesPerAppeal: Math.round(bytes / Math.max(tally.appeals, 1)),
      memoryRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    await finish();
  }
}

/** `--surge housing_utilities:751510000:2026-03-02:40`. */
const surgeSpec = (value: string): SurgeSpec => {
  const [categoryId, regionKato, week, count] = value.split(':');
  if (
    !categoryId ||
    !/^\d{9}$/.test(regionKato ?? '') ||
    !/^\d{4}-\d{2}-\d{2}$/.test(week ?? '') ||
    !/^\d+$/.test(count ?? '')
  )
    throw new InvalidArgumentError('must be CATEGORY:KATO:YYYY-MM-DD:COUNT');
  return { categoryId, regionKato: regionKato!, week: week!, count: Number(count) };
};

export async function main(argv = process.argv.slice(2)) {
  const program = new Command('seed:scale')
    .description('Writes a realistic history of appeals straight through the event store port (issue 13).')
    .option('--events <n>', 'events to write (underscores allowed: 10_000_000)', whole(1), 10_000_000)
    .option('--data-dir <dir>', 'embedded data folder (SQLite); default ./data-scale')
    .option(
      '--postgres-url <url>',
      'write to PostgreSQL instead (env POSTGRES_URL is not used unless given here)',
    )
    .option('--schema <name>', 'PostgreSQL schema', 'scale')
    .option('--from <day>', 'first filing day', day, '2025-01-06')
    .option('--to <day>', 'last filing day', day, '2026-11-30')
    .option('--seed <n>', 'random seed: the same seed writes the same courses', whole(0), 1)
    .option(
      '--writers <n>',
      'appeals written at once on PostgreSQL (SQLite writes one at a time)',
      whole(1),
      8,
    )
    .option('--accounts <n>', 'applicant accounts the appeals come from (default 0.8 per appeal)', whole(1))
    .option(
      '--surge <spec>',
      'CATEGORY:KATO:YYYY-MM-DD:COUNT — COUNT more appeals of that category and region in that week (a surge to find)',
      surgeSpec,
    );
  const o = program.parse(argv, { from: 'user' }).opts<Options>();
  if (o.dataDir && o.postgresUrl) program.error('--data-dir and --postgres-url: choose one');
  if (o.dataDir && existsSync(join(o.dataDir, 'appeals.db')))
    console.error(`seed:scale: ${o.dataDir} already holds a log; the new appeals are added to it`);
  const summary = await seedScale(o, (line) => console.error(line));
  console.log(JSON.stringify(summary, null, 2));
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(`seed:scale: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });

/** The seeded generator the history draws from (mulberry32, @appeals/analytics): the same --seed, the same courses. */
export { seededRandom };
