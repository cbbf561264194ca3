import { parseStream } from '@appeals/contracts';
import type { EventStore, StoredEvent } from '@appeals/eventstore';
import { toEnvelope } from '@appeals/relay';
import type { ViewNames } from './generations';
import { ensureListIndexes } from './listQueries';
import { projectFaqEntry } from './faqView';
import { applyEnvelopes, foldAppeal, type Envelope, type ProjectionDeps } from './projector';
import { applyLogInShards, defaultFoldThreads, foldSupport, type ShardedPassEnd } from './rebuildShards';
import { buildAllBuckets, createBucketBuilder, writeAllBuckets } from './statsBuckets';
import { toSummary, type AppealDetail } from './views';

// A rebuild's bulk pass (ADR 0024): the log applied to a new generation that nothing else writes or reads yet, so
// the appeals' details stay in memory between pages and are written once when they leave, the list indexes and the
// statistics are built once at the end instead of being kept up at every write.

/** Details kept in memory by a bulk pass (least recently touched written and dropped first). */
export const DEFAULT_CACHE_SIZE = 20_000;
/** Appeals of one page applied at once: the details they read share a commit. */
const PASS_CONCURRENCY = 32;
/** Details written at a time when they leave the cache (one commit each; the live projector goes between). */
const WRITE_CHUNK = 500;

interface Cached {
  doc: AppealDetail;
  revision: number;
  /** changed since it was last read or written */
  dirty: boolean;
}

export interface RebuildPassOptions {
  /** details kept in memory (default {@link DEFAULT_CACHE_SIZE}) */
  cacheSize?: number;
  /** awaited before each read of the views and each commit of written details (the live projector goes first) */
  pace?: () => Promise<void>;
  /** remember which appeals' views the pass wrote ({@link RebuildPass.written}) */
  trackWritten?: boolean;
}

/** Whether the views follow a stream: appeals', applicants' and the FAQ's. */
export const isProjectedStream = (streamId: string): boolean => {
  const kind = parseStream(streamId)?.kind;
  return kind === 'appeal' || kind === 'applicant' || kind === 'faq';
};

/** The events of a page the views follow, as envelopes. */
export const projectedEnvelopes = (page: readonly StoredEvent[]): Envelope[] =>
  page.filter((e) => isProjectedStream(e.streamId)).map(toEnvelope);

/**
 * Applies pages of the log to `names` keeping each appeal's detail in memory between pages: no read and no parse of
 * a document the pass holds, one write of its detail and summary when it leaves the cache (or at {@link flush}),
 * no statistics (built at the end). Personal data stays sealed in the details, as the events carry it.
 */
export function createRebuildPass(deps: ProjectionDeps, names: ViewNames, options: RebuildPassOptions = {}) {
  const { views } = deps;
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const pace = options.pace ?? (() => Promise.resolve());
  const cache = new Map<string, Cached>(); // in order of last use
  const written = options.trackWritten ? new Set<string>() : undefined;

  /** The detail as the pass last left it: in memory, or in the views (evicted), or none (the stream begins here). */
  const load = async (appealId: string, first: Envelope): Promise<Cached | undefined> => {
    const cached = cache.get(appealId);
    if (cached) {
      cache.delete(appealId);
      return cached;
    }
    if (first.streamPosition === 0) return undefined;
    await pace();
    const stored = await views.get<AppealDetail>(names.detail, appealId);
    if (!stored) return undefined;
    const { _revision: revision, ...doc } = stored;
    return { doc: doc as AppealDetail, revision, dirty: false };
  };

  const applyAppeal = async (appealId: string, envelopes: Envelope[]) => {
    const found = await load(appealId, envelopes[0]!);
    const folded = foldAppeal(found?.doc, found?.revision ?? -1, envelopes);
    if (folded.doc)
      cache.set(appealId, {
        doc: folded.doc,
        revision: folded.revision,
        dirty: (found?.dirty ?? false) || folded.changed,
      });
    return [];
  };

  /** Writes the details beyond the newest `keep` (and their summaries) and drops them from memory. */
  const trim = async (keep: number) => {
    const leaving: Array<[string, Cached]> = [];
    for (const entry of cache) {
      if (cache.size - leaving.length <= keep) break;
      leaving.push(entry);
    }
    for (const [appealId] of leaving) cache.delete(appealId);
    const dirty = leaving.filter(([, c]) => c.dirty);
    if (written) for (const [appealId] of dirty) written.add(appealId);
    for (let i = 0; i < dirty.length; i += WRITE_CHUNK) {
      await pace();
      await Promise.all(
        dirty
          .slice(i, i + WRITE_CHUNK)
          .flatMap(([appealId, { doc, revision }]) => [
            views.upsert(names.detail, appealId, doc as unknown as Record<string, unknown>, revision),
            views.upsert(names.summary, appealId, toSummary(doc), revision),
          ]),
      );
    }
  };

  /** Applies one page's envelopes (of the streams the views follow, in log order). */
  const applyPage = async (envelopes: readonly Envelope[]): Promise<void> => {
    await applyEnvelopes(deps, envelopes, names, {
      concurrency: PASS_CONCURRENCY,
      appeal: applyAppeal,
      // few and small: read and written as the live projector does
      faq: (entryId, group) => projectFaqEntry(views, names, entryId, group, pace),
      // nothing to settle per page: the statistics are built at the end
      settle: () => Promise.resolve(),
    });
    await trim(cacheSize);
  };

  return {
    /** Applies one page of the log (as `readAll` gives it). */
    apply: (page: readonly StoredEvent[]) => applyPage(projectedEnvelopes(page)),
    /** Applies one page already made envelopes (a fold thread builds them from the rows it reads). */
    applyEnvelopes: applyPage,
    /** Writes every detail still in memory: the views then hold everything the pages applied. */
    flush: () => trim(0),
    /** The appeals whose detail and summary the pass wrote (with `trackWritten`; else none). */
    written: (): ReadonlySet<string> => written ?? new Set(),
  };
}

export type RebuildPass = ReturnType<typeof createRebuildPass>;

/** What a bulk pass reads, writes and reports to. */
export interface BulkPassContext {
  store: Pick<EventStore, 'readAll' | 'workerSource' | 'headPosition'>;
  deps: ProjectionDeps;
  names: ViewNames;
  batchSize: number;
  /** told after each page applied, with the page's size and the cursor after it */
  onPage?: (events: number, checkpoint: string) => Promise<void>;
  /** checked before each page: true ends the pass (what it applied is written first) */
  isStopping?: () => boolean;
  pace?: () => Promise<void>;
  cacheSize?: number;
  /**
   * threads that fold shares of the log (ADR 0038; default one per core, at most 4) where the log and the views can
   * be opened by another thread; 1, or a store in memory or on a server, folds on this thread
   */
  threads?: number;
}

/** Where a bulk pass got to; with fold threads, the day buckets they summed from what they wrote. */
export interface BulkPassEnd {
  checkpoint: string | undefined;
  complete: boolean;
  days?: ShardedPassEnd['days'];
}

/**
 * The bulk pass: the log after `after` up to its head applied through a {@link createRebuildPass}, the next page read
 * while one is applied, everything written at the end (or when stopped); on fold threads where it can
 * (rebuildShards.ts), each folding a share of the streams up to the head the pass began at. Returns the cursor after the last page
 * applied and whether it reached the head.
 */
export async function applyLogInBulk(ctx: BulkPassContext, after: string | undefined): Promise<BulkPassEnd> {
  const threads = ctx.threads ?? defaultFoldThreads();
  const support = threads > 1 ? foldSupport(ctx.store, ctx.deps.views) : undefined;
  if (support) {
    const { names, batchSize, onPage, isStopping } = ctx;
    const until = await ctx.store.headPosition!();
    const cacheSize = ctx.cacheSize ?? DEFAULT_CACHE_SIZE;
    return applyLogInShards(
      support,
      {
        names,
        batchSize,
        threads,
        cacheSize,
        until,
        ...(onPage ? { onPage } : {}),
        ...(isStopping ? { isStopping } : {}),
      },
      after,
    );
  }
  const pass = createRebuildPass(ctx.deps, ctx.names, {
    ...(ctx.pace ? { pace: ctx.pace } : {}),
    ...(ctx.cacheSize !== undefined ? { cacheSize: ctx.cacheSize } : {}),
  });
  // a read ahead that fails while a page is applied is reported when awaited, never as unhandled
  const read = (cursor: string | undefined) => {
    const reading = ctx.store.readAll({ after: cursor, limit: ctx.batchSize });
    reading.catch(() => undefined);
    return reading;
  };
  let checkpoint = after;
  let complete = false;
  for (let next = read(checkpoint); !ctx.isStopping?.(); ) {
    const page = await next;
    if (page.length === 0) {
      complete = true;
      break;
    }
    const cursor = page.at(-1)!.checkpoint;
    next = read(cursor);
    await pass.apply(page);
    checkpoint = cursor;
    await ctx.onPage?.(page.length, cursor);
  }
  await pass.flush();
  return { checkpoint, complete };
}

/**
 * What follows a complete bulk pass before the views can be used: the list indexes built over what it wrote, and
 * every statistics bucket built, from the day buckets the fold threads summed meanwhile when they did
 * ({@link BulkPassEnd.days}), else from a walk of the summaries.
 */
export async function finishBulk(
  views: ProjectionDeps['views'],
  names: ViewNames,
  pace?: () => Promise<void>,
  days?: BulkPassEnd['days'],
): Promise<void> {
  await ensureListIndexes(views, names);
  const summed = await days;
  if (!summed) return buildAllBuckets(views, names, pace);
  const builder = createBucketBuilder();
  for (const part of summed) builder.addDayPart(part);
  await writeAllBuckets(views, names, builder, pace);
}
