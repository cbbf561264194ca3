// A rough check, not a benchmark: fills a SQLite read store with synthetic appeal summaries, builds their statistics
// buckets with the projector's own code (backfillBuckets), and times GET /stats/agencies' reads for a few periods.
//   cd services/gateway && node --import tsx ../projections/scripts/measureStats.ts [summaries=200000] [file]
import { rmSync } from 'node:fs';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { demoCatalog } from '@appeals/reference-data';
import { registeredRange } from '../src/period';
import { ensureViewIndexes } from '../src/projector';
import { computeAgencyStats, summariesRegistered } from '../src/stats';
import { backfillBuckets, refreshBuckets } from '../src/statsBuckets';
import { readAgencyStats } from '../src/statsRead';
import { Views } from '../src/views';

const total = Number(process.argv[2] ?? 200_000);
const file = process.argv[3] ?? '/tmp/stats-scale.db';
const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00+05:00');
const SPAN_DAYS = 700;
const AGENCIES = Array.from({ length: 130 }, (_, i) => `agency-${i}`);

let seed = 13;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
/** A few big agencies, many small ones. */
const agency = () => AGENCIES[Math.min(AGENCIES.length - 1, Math.floor(-Math.log(1 - random()) * 20))]!;

function summary(i: number) {
  const registeredAt = START + Math.floor(random() * SPAN_DAYS * DAY);
  const dueAt = registeredAt + 21 * DAY;
  const answered = random() < 0.62;
  const answeredAt = registeredAt + Math.floor(random() * 30 * DAY);
  return {
    appealId: `appeal-${String(i).padStart(7, '0')}`,
    agencyId: agency(),
    status: answered ? 'answered' : 'in_progress',
    open: !answered,
    registeredAt: new Date(registeredAt).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
    deemedRefused: !answered && random() < 0.1,
    answeredAt: answered ? new Date(answeredAt).toISOString() : null,
    answeredOnTime: answered ? answeredAt <= dueAt : null,
    rating: answered && random() < 0.16 ? 1 + Math.floor(random() * 5) : null,
    executorIds: [],
    updatedAt: new Date(registeredAt).toISOString(),
  };
}

const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
};

async function main() {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  const views = createSqliteReadStore({ filename: file });
  const catalog = demoCatalog();
  await ensureViewIndexes(views, Views);
  await time(`write ${total} summaries`, async () => {
    for (let at = 0; at < total; at += 2_000)
      await Promise.all(
        Array.from({ length: Math.min(2_000, total - at) }, (_, k) =>
          views.upsert(Views.summary, summary(at + k).appealId, summary(at + k), 1),
        ),
      );
  });
  await time('build every bucket from the summaries (backfillBuckets)', () => backfillBuckets(views, Views));
  const now = new Date(START + SPAN_DAYS * DAY);
  const periods: Record<string, { from?: string; to?: string }> = {
    'all time': {},
    'one month (2026-03)': { from: '2026-03-01', to: '2026-03-31' },
    '57 days, no whole month (2026-01-02..2026-02-27)': { from: '2026-01-02', to: '2026-02-27' },
    'date-time bounds (2025-06-10T12:00+05:00..2026-03-15T09:00Z)': {
      from: '2025-06-10T12:00:00+05:00',
      to: '2026-03-15T09:00:00Z',
    },
  };
  for (const [label, period] of Object.entries(periods)) {
    const range = registeredRange(period);
    await time(`${label}: buckets, first`, () => readAgencyStats(views, Views, range, catalog, now));
    const read = await time(`${label}: buckets, again`, () => readAgencyStats(views, Views, range, catalog, now));
    const all = await time(`${label}: every summary, keyset-paged`, async () => {
      const items = [];
      for await (const s of summariesRegistered(views, Views.summary, range)) items.push(s);
      return computeAgencyStats(items, catalog, now);
    });
    console.log(`${label}: equal ${JSON.stringify(read) === JSON.stringify(all)}, agencies ${read.length}`);
  }
  const big = { agencyId: AGENCIES[0]!, day: '2026-03-02' };
  await time(`refresh one day bucket of the biggest agency and its roll-ups`, () =>
    refreshBuckets(views, Views, [big]),
  );
  await views.close();
}

void main();
