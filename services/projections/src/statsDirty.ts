import type { ReadStore } from '@appeals/readstore';
import { bucketId, coalesced, refreshBuckets, type BucketDay } from './statsBuckets';

// ADR 0025: the projector no longer recomputes the statistics buckets a batch touched; it marks their days dirty
// (a small document per agency and day, written over the version read), and the buckets are recomputed later, once
// per day however many batches marked it: in the background a moment after the marks, and before any statistics
// read (so a read is as exact as before).

/** The collections the marks live beside: the summaries and buckets they are recomputed from and into. */
export interface DirtyNames {
  summary: string;
  stats: string;
  /** one document per (agency, local day) whose bucket may lag its summaries */
  statsDirty: string;
}

/** A day's mark: `dirty` until a recomputation that began after its last marking has written the buckets. */
export interface DirtyMark extends BucketDay {
  /** the document's id again, as a field: the keyset the cleaner pages the dirty marks by */
  key: string;
  dirty: boolean;
}

/** The fields the cleaner finds dirty marks by (declared with the other view indexes). */
export const DIRTY_INDEX = ['dirty', 'key'];

/** Markings of one day before giving up (each lost only to another writer of the same mark). */
const MAX_ATTEMPTS = 20;

/** Marks dirty at the next revision of what is stored, so a cleaner that read an older one cannot clear it. */
async function markDay(views: ReadStore, collection: string, day: BucketDay): Promise<void> {
  const key = bucketId('day', day.agencyId, day.day);
  for (let attempt = 1; ; attempt++) {
    const stored = await views.get<DirtyMark>(collection, key);
    const mark: DirtyMark = { key, agencyId: day.agencyId, day: day.day, dirty: true };
    if (await views.upsert(collection, key, { ...mark }, (stored?._revision ?? 0) + 1)) return;
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`The statistics mark ${key} changed under ${MAX_ATTEMPTS} markings in a row.`);
  }
}

/**
 * Marks the statistics days a batch touched (after its summaries are written): each mark is written at the
 * revision after the one read, even when it is dirty already, since a cleaner may be recomputing that day from
 * summaries read before this batch wrote its own; its clearing then finds a newer revision and leaves the mark.
 */
export async function markDirty(
  views: ReadStore,
  names: Pick<DirtyNames, 'statsDirty'>,
  days: Iterable<BucketDay>,
): Promise<number> {
  const distinct = new Map<string, BucketDay>();
  for (const d of days) distinct.set(bucketId('day', d.agencyId, d.day), d);
  await Promise.all([...distinct.values()].map((d) => markDay(views, names.statsDirty, d)));
  return distinct.size;
}

/** Dirty marks read (and their buckets recomputed) at a time. */
const CLEAN_PAGE = 500;

/**
 * One pass over the dirty marks, in key order: each page's days recomputed (then their months and years, see
 * refreshBuckets), then each mark cleared over the revision read. A mark marked again meanwhile keeps its newer
 * revision and stays dirty for the next pass; this pass still ends (a keyset, never read twice).
 * @returns how many marks it found
 */
export async function cleanDirty(
  views: ReadStore,
  names: DirtyNames,
  options: { concurrency?: number; pace?: () => Promise<void> } = {},
): Promise<number> {
  let after = '';
  let found = 0;
  for (;;) {
    // each with its revision (read before the recomputation: a marking after this read outdates the clearing)
    const page = await views.findItems<DirtyMark & { _revision: number }>(names.statsDirty, {
      where: { dirty: true, key: { gt: after } },
      sort: [['key', 'asc']],
      limit: CLEAN_PAGE,
    });
    if (page.length === 0) return found;
    found += page.length;
    await refreshBuckets(views, names, page, {
      concurrency: options.concurrency ?? 2,
      ...(options.pace ? { pace: options.pace } : {}),
    });
    await Promise.all(
      page.map((m) => {
        const clean: DirtyMark = { key: m.key, agencyId: m.agencyId, day: m.day, dirty: false };
        return views.upsert(names.statsDirty, m.key, { ...clean }, m._revision + 1);
      }),
    );
    if (page.length < CLEAN_PAGE) return found;
    after = page[page.length - 1]!.key;
  }
}

/**
 * Brings every statistics bucket of `names` up to date with the summaries written before this call: a pass over
 * the dirty marks that starts after it (one already running may have read the marks before the caller's own), shared
 * with every caller meanwhile in this process. Statistics reads call it first.
 */
export function settleStats(views: ReadStore, names: DirtyNames): Promise<void> {
  return coalesced(views, `${names.statsDirty}\u0000settle`, async () => {
    await cleanDirty(views, names);
  });
}

/**
 * Recomputes the dirty buckets in the background, `delayMs` after a batch marked some (so a stream of batches costs
 * one recomputation per day and delay, not one per batch), and again after a pass during which more were marked.
 */
export function createStatsSettler(options: {
  views: ReadStore;
  names: () => DirtyNames;
  delayMs: number;
  onError?: (error: unknown) => void;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    timer = undefined;
    again = false;
    running = settleStats(options.views, options.names())
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        if (again) schedule();
      });
  };
  const schedule = () => {
    if (stopped || timer) return;
    if (running) {
      again = true;
      return;
    }
    timer = setTimeout(run, options.delayMs);
    timer.unref?.();
  };
  return {
    /** a batch marked days dirty */
    marked: schedule,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
