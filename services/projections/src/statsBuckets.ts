import type { ReadStore } from '@appeals/readstore';
import { ProjectionMeta } from './generations';
import { DEFAULT_DAY_OFFSET_MINUTES, localDate, localDayStart } from './period';
import {
  addFigures,
  addSummaryFigures,
  isCounted,
  noFigures,
  summariesRegistered,
  type Figures,
  type OpenDeadlines,
  type StatsInput,
} from './stats';
import type { BucketLevel } from './statsPeriod';

/**
 * The local time the buckets' days are days of (UTC+05:00, as a date alone in `from`/`to` by default). A request in
 * another offset is still exact: the days it cuts in two are read from the summaries.
 */
export const BUCKET_DAY_OFFSET_MINUTES = DEFAULT_DAY_OFFSET_MINUTES;

/** The figures of a bucket's appeals of one category and region (KATO as filed): the open data's cells. */
export interface StatsCell extends Figures {
  categoryId: string;
  regionKato: string;
}

/**
 * One statistics bucket: the figures of the appeals one agency holds that were registered in one local day, month
 * or year, the same split by category and region (`cells`, the open data's), and the deadlines of the open ones (so
 * what is overdue is counted at the moment of the request).
 */
export interface StatsBucket extends Figures {
  level: BucketLevel;
  agencyId: string;
  /** `2026-03-02`, `2026-03` or `2026` */
  period: string;
  /** the id of the bucket this one adds up into (a day's month, a month's year); null for a year */
  parent: string | null;
  openDue: OpenDeadlines;
  /** by category and region, in that order; absent in buckets written before the open data (a rebuild adds it) */
  cells?: StatsCell[];
}

/** Where a summary of no known region is counted (written before summaries carried the region). */
export const UNKNOWN_REGION = '000000000';

/** A day bucket to recompute: an agency and a local date of registration. */
export interface BucketDay {
  agencyId: string;
  day: string;
}

const PARENT: Record<BucketLevel, { level: BucketLevel; period: (p: string) => string } | undefined> = {
  day: { level: 'month', period: (day) => day.slice(0, 7) },
  month: { level: 'year', period: (month) => month.slice(0, 4) },
  year: undefined,
};

export const bucketId = (level: BucketLevel, agencyId: string, period: string): string =>
  `${level}:${agencyId}:${period}`;

/** The day bucket a summary counts in, if it counts. */
export function bucketDayOf(s: Pick<StatsInput, 'agencyId' | 'registeredAt'>): BucketDay | undefined {
  return isCounted(s)
    ? { agencyId: s.agencyId!, day: localDate(s.registeredAt!, BUCKET_DAY_OFFSET_MINUTES) }
    : undefined;
}

/** Adds the open appeals' deadlines `more` to `into` (one count per instant). */
function addOpenDue(into: Map<string, number>, more: OpenDeadlines): void {
  for (const { dueAt, count } of more) into.set(dueAt, (into.get(dueAt) ?? 0) + count);
}

const sortedOpenDue = (due: Map<string, number>): OpenDeadlines =>
  [...due.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dueAt, count]) => ({ dueAt, count }));

/** Sums cells by category and region. */
function cellSum() {
  const cells = new Map<string, StatsCell>();
  const cellOf = (categoryId: string, regionKato: string) => {
    const key = `${categoryId}\u0000${regionKato}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { categoryId, regionKato, ...noFigures() }));
    return cell;
  };
  return {
    addSummary: (s: StatsInput) => addSummaryFigures(cellOf(s.categoryId, s.regionKato ?? UNKNOWN_REGION), s),
    addCell: (c: StatsCell) => addFigures(cellOf(c.categoryId, c.regionKato), c),
    cells: (): StatsCell[] =>
      [...cells.values()].sort((a, b) =>
        a.categoryId === b.categoryId
          ? a.regionKato.localeCompare(b.regionKato)
          : a.categoryId.localeCompare(b.categoryId),
      ),
  };
}

/** Sums members into one bucket: summaries for a day, buckets of the level below for a month or a year. */
function bucketSum() {
  const figures = noFigures();
  const due = new Map<string, number>();
  const cells = cellSum();
  return {
    addSummary(s: StatsInput): void {
      addSummaryFigures(figures, s);
      cells.addSummary(s);
      if (s.open && s.dueAt) addOpenDue(due, [{ dueAt: s.dueAt, count: 1 }]);
    },
    addPart(part: StatsBucket): void {
      addFigures(figures, part);
      addOpenDue(due, part.openDue);
      for (const cell of part.cells ?? []) cells.addCell(cell);
    },
    bucket(level: BucketLevel, agencyId: string, period: string): StatsBucket {
      const parent = PARENT[level];
      return {
        level,
        agencyId,
        period,
        parent: parent ? bucketId(parent.level, agencyId, parent.period(period)) : null,
        ...figures,
        openDue: sortedOpenDue(due),
        cells: cells.cells(),
      };
    },
  };
}

/** A bucket summed from its members: summaries for a day, buckets of the level below for a month or a year. */
async function recompute(
  views: ReadStore,
  names: { summary: string; stats: string },
  level: BucketLevel,
  agencyId: string,
  period: string,
): Promise<StatsBucket> {
  const sum = bucketSum();
  if (level === 'day') {
    const range = {
      gte: localDayStart(period, BUCKET_DAY_OFFSET_MINUTES),
      lt: localDayStart(period, BUCKET_DAY_OFFSET_MINUTES, 1),
    };
    for await (const s of summariesRegistered(views, names.summary, range, 1_000, { agencyId }))
      sum.addSummary(s);
  } else {
    const parts = await views.findItems<StatsBucket>(names.stats, {
      where: { parent: bucketId(level, agencyId, period) },
    });
    for (const part of parts) sum.addPart(part);
  }
  return sum.bucket(level, agencyId, period);
}

/** Buckets written by {@link buildAllBuckets} at a time (one commit each). */
const BUILD_WRITES = 500;

/**
 * Every statistics bucket of a generation summed in memory: the day buckets from summaries (or from day buckets other
 * threads summed from their share of the summaries, ADR 0038), then the months from their days and the years from
 * their months, the same sums {@link refreshBuckets} computes one bucket at a time.
 */
export function createBucketBuilder() {
  const sums = new Map<string, { agencyId: string; period: string; sum: ReturnType<typeof bucketSum> }>();
  const sumOf = (level: BucketLevel, agencyId: string, period: string) => {
    const id = bucketId(level, agencyId, period);
    let entry = sums.get(id);
    if (!entry) sums.set(id, (entry = { agencyId, period, sum: bucketSum() }));
    return entry.sum;
  };
  const levelBuckets = (level: BucketLevel) =>
    [...sums]
      .filter(([id]) => id.startsWith(`${level}:`))
      .map(([, { agencyId, period, sum }]) => sum.bucket(level, agencyId, period));
  return {
    /** Counts a summary into its day (a summary never registered counts nowhere). */
    addSummary(s: StatsInput): void {
      const day = bucketDayOf(s);
      if (day) sumOf('day', day.agencyId, day.day).addSummary(s);
    },
    /** Adds a day bucket summed elsewhere from other summaries of the same day. */
    addDayPart(part: StatsBucket): void {
      sumOf('day', part.agencyId, part.period).addPart(part);
    },
    /** The day buckets summed so far. */
    dayBuckets: (): StatsBucket[] => levelBuckets('day'),
    /** Every bucket: the days, then each level from the one below. */
    allBuckets(): StatsBucket[] {
      const buckets: StatsBucket[] = [];
      for (let level: BucketLevel | undefined = 'day'; level; level = PARENT[level]?.level) {
        const current = levelBuckets(level);
        buckets.push(...current);
        const parent = PARENT[level];
        if (parent)
          for (const b of current) sumOf(parent.level, b.agencyId, parent.period(b.period)).addPart(b);
      }
      return buckets;
    },
  };
}

export type BucketBuilder = ReturnType<typeof createBucketBuilder>;

/**
 * Writes every bucket of `builder` over an emptied statistics collection (a rebuild, after its bulk pass and before
 * it switches; nothing else writes that generation meanwhile).
 */
export async function writeAllBuckets(
  views: ReadStore,
  names: { stats: string },
  builder: BucketBuilder,
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const buckets = builder.allBuckets();
  await views.drop(names.stats);
  for (let i = 0; i < buckets.length; i += BUILD_WRITES) {
    await pace();
    await Promise.all(
      buckets
        .slice(i, i + BUILD_WRITES)
        .map((b) => views.upsert(names.stats, bucketId(b.level, b.agencyId, b.period), { ...b }, 1)),
    );
  }
}

/** Builds every statistics bucket of `names` from its summaries in one walk ({@link createBucketBuilder}). */
export async function buildAllBuckets(
  views: ReadStore,
  names: { summary: string; stats: string },
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const builder = createBucketBuilder();
  for await (const s of summariesRegistered(views, names.summary, undefined)) builder.addSummary(s);
  await writeAllBuckets(views, names, builder, pace);
}

/** Recomputations of one bucket before giving up (each lost only to another writer of the same bucket). */
const MAX_ATTEMPTS = 20;

/**
 * Recomputes one bucket and writes it only over the version it read (revision + 1, the read store's revision
 * guard): when another writer got in between, its members may have changed after this read, so it recomputes.
 * The bucket written last was thus computed from a read that began after every write before it.
 */
async function rewrite(
  views: ReadStore,
  names: { summary: string; stats: string },
  level: BucketLevel,
  agencyId: string,
  period: string,
): Promise<void> {
  const id = bucketId(level, agencyId, period);
  for (let attempt = 1; ; attempt++) {
    const stored = await views.get(names.stats, id);
    const bucket = await recompute(views, names, level, agencyId, period);
    if (await views.upsert(names.stats, id, { ...bucket }, (stored?._revision ?? 0) + 1)) return;
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`The statistics bucket ${id} changed under ${MAX_ATTEMPTS} recomputations in a row.`);
  }
}

/** Per read store and bucket: the recomputation running, and the one queued after it (shared by its callers). */
interface Flight {
  running: Promise<void> | undefined;
  queued: Promise<void> | undefined;
}
const flights = new WeakMap<ReadStore, Map<string, Flight>>();

/**
 * Runs `work` (a bucket's recomputation) so that it starts after this call, sharing runs with other callers in this
 * process: none running, it starts now; one running (it may have read before the caller's summary was written), the
 * caller joins the run queued after it, which every caller arriving meanwhile shares. A hot bucket (today's, this
 * month's, this year's at a big agency, touched by every partition's batches) is thus recomputed at most twice at
 * a time, not once per batch with each run losing the compare-and-set to the others and reading again.
 */
export function coalesced(views: ReadStore, key: string, work: () => Promise<void>): Promise<void> {
  let byKey = flights.get(views);
  if (!byKey) flights.set(views, (byKey = new Map()));
  const flight: Flight = byKey.get(key) ?? { running: undefined, queued: undefined };
  byKey.set(key, flight);
  if (flight.queued) return flight.queued;
  const run = (): Promise<void> => {
    const running = work();
    flight.running = running;
    return running.finally(() => {
      if (flight.running === running) flight.running = undefined;
      if (!flight.running && !flight.queued) byKey.delete(key);
    });
  };
  if (!flight.running) return run();
  flight.queued = flight.running
    .catch(() => undefined)
    .then(() => {
      flight.queued = undefined;
      return run();
    });
  return flight.queued;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/**
 * Brings the statistics buckets of `days` up to date with the summaries (which must be written already): each day
 * bucket recomputed from its summaries, then the month and year roll-ups above them from their parts, each bucket
 * once however many of its appeals changed. Exact under redelivery and replays (a recomputation, not a delta).
 */
export async function refreshBuckets(
  views: ReadStore,
  names: { summary: string; stats: string },
  days: Iterable<BucketDay>,
  options: { concurrency?: number; pace?: () => Promise<void> } = {},
): Promise<void> {
  let level: BucketLevel | undefined = 'day';
  let touched = distinct([...days].map(({ agencyId, day }) => ({ agencyId, period: day })));
  while (level && touched.length > 0) {
    const current: BucketLevel = level;
    await eachLimited(touched, options.concurrency ?? 1, async ({ agencyId, period }) => {
      await options.pace?.();
      await coalesced(views, `${names.stats}\u0000${bucketId(current, agencyId, period)}`, () =>
        rewrite(views, names, current, agencyId, period),
      );
    });
    const parent: (typeof PARENT)[BucketLevel] = PARENT[current];
    touched = parent
      ? distinct(touched.map(({ agencyId, period }) => ({ agencyId, period: parent.period(period) })))
      : [];
    level = parent?.level;
  }
}

/** One of each (agency, period). */
const distinct = (buckets: Array<{ agencyId: string; period: string }>) => [
  ...new Map(buckets.map((b) => [`${b.agencyId}\u0000${b.period}`, b])).values(),
];

/** The fields of a summary a bucket depends on. */
const bucketFields = (s: StatsInput | undefined) =>
  s && isCounted(s)
    ? JSON.stringify([
        s.agencyId,
        s.categoryId,
        s.regionKato,
        s.registeredAt,
        s.open,
        s.dueAt,
        s.deemedRefused,
        s.answeredAt,
        s.answeredOnTime,
        s.rating,
      ])
    : undefined;

/** The agencies an appeal was ever addressed, routed or forwarded to (from its detail view). */
export function agenciesOf(doc: {
  addressedAgencyId?: string;
  agencyId?: string;
  forwards: Array<Record<string, unknown>>;
}): string[] {
  const ids = [doc.addressedAgencyId, doc.agencyId];
  for (const f of doc.forwards) ids.push(f.fromAgencyId as string, f.toAgencyId as string);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

/**
 * The day buckets one appeal's batch of events may have changed, its summary before and after the batch given:
 * where it was counted and where it is counted, when anything a bucket depends on changed. A batch that repeats
 * events already applied (a redelivery: the first delivery may have written the summary and stopped before the
 * buckets) names every agency the appeal was ever at, since the summary before that first delivery is gone.
 */
export function touchedDays(
  before: StatsInput | undefined,
  after: StatsInput | undefined,
  redelivered: { agencies: string[] } | undefined,
): BucketDay[] {
  const registeredAt = after?.registeredAt ?? before?.registeredAt;
  if (redelivered && registeredAt) {
    const day = localDate(registeredAt, BUCKET_DAY_OFFSET_MINUTES);
    return redelivered.agencies.map((agencyId) => ({ agencyId, day }));
  }
  if (bucketFields(before) === bucketFields(after)) return [];
  return [before, after].flatMap((s) => (s ? (bucketDayOf(s) ?? []) : []));
}

/** Where a generation's statistics are marked as covering every summary (projection_meta). */
const builtMarker = (stats: string) => `stats-built:${stats}`;

/** Marks the statistics of `names` as covering every summary (a rebuild that filled them from the whole log). */
export async function markBucketsBuilt(views: ReadStore, names: { stats: string }): Promise<void> {
  await views.upsert(ProjectionMeta.collection, builtMarker(names.stats), { stats: names.stats }, 1);
}

/**
 * Fills the statistics of summaries an earlier version of the projector wrote without them (an upgrade), once per
 * generation: walks every summary by registration time, then recomputes each day bucket they fall in and the
 * roll-ups above. Run it after the live projector started: what it writes meanwhile keeps its own buckets.
 */
export async function backfillBuckets(
  views: ReadStore,
  names: { summary: string; stats: string },
  isStopping: () => boolean = () => false,
): Promise<void> {
  if (await views.get(ProjectionMeta.collection, builtMarker(names.stats))) return;
  const days = new Map<string, BucketDay>();
  for await (const s of summariesRegistered(views, names.summary, undefined)) {
    if (isStopping()) return;
    const day = bucketDayOf(s);
    if (day) days.set(bucketId('day', day.agencyId, day.day), day);
  }
  await refreshBuckets(views, names, days.values(), {
    concurrency: 4,
    pace: async () => {
      if (isStopping()) throw new Error('stopped');
    },
  }).catch((error: unknown) => {
    if (!isStopping()) throw error;
  });
  if (!isStopping()) await markBucketsBuilt(views, names);
}
