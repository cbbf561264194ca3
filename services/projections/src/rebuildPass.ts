import { parseStream } from '@appeals/contracts';
import type { EventStore, StoredEvent } from '@appeals/eventstore';
import { toEnvelope } from '@appeals/relay';
import type { ViewNames } from './generations';
import { ensureListIndexes } from './listQueries';
import { projectFaqEntry } from './faqView';
import { applyEnvelopes, foldAppeal, type Envelope, type ProjectionDeps } from './projector';
import { buildAllBuckets } from './statsBuckets';
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
}

/** The events of a page the views follow (appeals', applicants' and the FAQ's), as envelopes. */
export const projectedEnvelopes = (page: readonly StoredEvent[]): Envelope[] =>
  page
    .filter((e) => {
      const kind = parseStream(e.streamId)?.kind;
      return kind === 'appeal' || kind === 'applicant' || kind === 'faq';
    })
    .map(toEnvelope);

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

  return {
    /** Applies one page of the log (as `readAll` gives it). */
    async apply(page: readonly StoredEvent[]): Promise<void> {
      await applyEnvelopes(deps, projectedEnvelopes(page), names, {
        concurrency: PASS_CONCURRENCY,
        appeal: applyAppeal,
        // few and small: read and written as the live projector does
        faq: (entryId, group) => projectFaqEntry(views, names, entryId, group, pace),
        // nothing to settle per page: the statistics are built at the end
        settle: () => Promise.resolve(),
      });
      await trim(cacheSize);
    },
    /** Writes every detail still in memory: the views then hold everything the pages applied. */
    flush: () => trim(0),
  };
}

export type RebuildPass = ReturnType<typeof createRebuildPass>;

/** What a bulk pass reads, writes and reports to. */
export interface BulkPassContext {
  store: Pick<EventStore, 'readAll'>;
  deps: ProjectionDeps;
  names: ViewNames;
  batchSize: number;
  /** told after each page applied, with the page's size and the cursor after it */
  onPage?: (events: number, checkpoint: string) => Promise<void>;
  /** checked before each page: true ends the pass (what it applied is written first) */
  isStopping?: () => boolean;
  pace?: () => Promise<void>;
  cacheSize?: number;
}

/**
 * The bulk pass: the log after `after` up to its head applied through a {@link createRebuildPass}, the next page read
 * while one is applied, everything written at the end (or when stopped). Returns the cursor after the last page
 * applied and whether it reached the head.
 */
export async function applyLogInBulk(
  ctx: BulkPassContext,
  after: string | undefined,
): Promise<{ checkpoint: string | undefined; complete: boolean }> {
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
 * every statistics bucket built from the summaries.
 */
export async function finishBulk(
  views: ProjectionDeps['views'],
  names: ViewNames,
  pace?: () => Promise<void>,
): Promise<void> {
  await ensureListIndexes(views, names);
  await buildAllBuckets(views, names, pace);
}
