import type { EventStore, StoredEvent } from '@appeals/eventstore';
import type { ReadStore } from '@appeals/readstore';
import { randomUUID } from 'node:crypto';
import { ProjectionMeta, viewNamesOf, type ViewGenerations, type ViewNames } from './generations';
import { ensureLookupIndexes } from './listQueries';
import { projectEnvelopes } from './projector';
import { applyLogInBulk, finishBulk, projectedEnvelopes } from './rebuildPass';
import { markBucketsBuilt } from './statsBuckets';

export type RebuildState = 'running' | 'switching' | 'done' | 'failed' | 'interrupted';

/** What `GET /admin/projections/rebuild/{id}` answers. */
export interface RebuildProgress {
  id: string;
  state: RebuildState;
  /** the generation being built (and active once done) */
  generation: number;
  eventsProcessed: number;
  /**
   * events in the log when the rebuild started, estimated from the log's head position (the event store tells it
   * without reading the log; its positions can skip, so it may be a little more); 0 when the store cannot tell
   */
  eventsTotal: number;
  /** false: `eventsTotal` is that estimate, not a count */
  eventsTotalExact: boolean;
  percent: number;
  /** events applied per second since this run (or its resumption) began */
  eventsPerSecond: number;
  /** seconds left at that rate until the events of the start are applied; null before the first page */
  etaSeconds: number | null;
  /** the log's cursor after the last page applied: where an interrupted rebuild goes on (`resume`) */
  checkpoint: string | null;
  startedAt: string;
  finishedAt: string | null;
  error?: string;
}

/** Thrown by {@link ViewRebuilder.start} when asked to resume a rebuild that cannot go on. */
export class RebuildNotResumable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildNotResumable';
  }
}

/** The service stopped while a rebuild applied the log: it ends `interrupted`, resumable. */
class RebuildInterrupted extends Error {}

/** Thrown by {@link ViewRebuilder.start} while a rebuild runs. */
export class RebuildAlreadyRunning extends Error {
  constructor(readonly running: RebuildProgress) {
    super(`Rebuild ${running.id} is still ${running.state}.`);
    this.name = 'RebuildAlreadyRunning';
  }
}

export interface ViewRebuilderDeps {
  store: EventStore;
  views: ReadStore;
  generations: ViewGenerations;
  clock: () => Date;
  /** events read from the log per batch (default 500) */
  batchSize?: number;
  onError?: (error: unknown, context: string) => void;
}

const progressId = (id: string) => `rebuild-${id}`;

/** The percentage a progress shows: 100 once done, otherwise at most 99. */
const percentOf = (p: RebuildProgress) =>
  p.state === 'done'
    ? 100
    : p.eventsTotal === 0
      ? 0
      : Math.min(99, Math.floor((p.eventsProcessed * 100) / p.eventsTotal));

/** The events the log holds now as far as its head position tells (no read of the log); 0 when it cannot tell. */
const estimateEvents = async (store: EventStore) => (store.headPosition ? await store.headPosition() : 0);

/** Appeals of one page of the log a rebuild applies at once: their view writes share a commit. */
const REBUILD_CONCURRENCY = 32;

/**
 * Applies one page of the log (as `readAll` gives it) to the views `names`: the appeals' and applicants' events,
 * {@link REBUILD_CONCURRENCY} appeals at a time, `pace` awaited before each appeal's read and write. What a rebuild
 * does with each page (the benchmark of the rebuild measures this function).
 */
export async function applyLogPage(
  deps: Pick<ViewRebuilderDeps, 'views'>,
  page: readonly StoredEvent[],
  names: ViewNames,
  pace?: () => Promise<void>,
): Promise<void> {
  await projectEnvelopes(deps, projectedEnvelopes(page), names, {
    concurrency: REBUILD_CONCURRENCY,
    ...(pace ? { pace } : {}),
  });
}

/** What one rebuild run needs from the rebuilder around it. */
interface RebuildContext {
  deps: ViewRebuilderDeps;
  batchSize: number;
  /** keeps the progress in the read store */
  save: (p: RebuildProgress) => Promise<void>;
  isStopping: () => boolean;
}

/** The rate of this run and the time left, from the events applied since `since` (processed count, ms). */
const paceOf = (p: RebuildProgress, since: { processed: number; at: number }) => {
  const seconds = (performance.now() - since.at) / 1000;
  const rate = (p.eventsProcessed - since.processed) / Math.max(seconds, 1e-3);
  p.eventsPerSecond = Math.round(rate);
  p.etaSeconds = rate > 0 ? Math.max(0, Math.round((p.eventsTotal - p.eventsProcessed) / rate)) : null;
};

/** Counts a page applied into the progress (and saves it): `events` more, the log's cursor after them. */
const progressed = (ctx: RebuildContext, p: RebuildProgress) => {
  const since = { processed: p.eventsProcessed, at: performance.now() };
  return async (events: number, cursor: string) => {
    p.eventsProcessed += events;
    p.checkpoint = cursor;
    paceOf(p, since);
    await ctx.save(p);
  };
};

/** Applies the log after `after` to `names` until the head; returns the last checkpoint read. */
const catchUp = async (
  ctx: RebuildContext,
  p: RebuildProgress,
  names: ViewNames,
  after: string | undefined,
) => {
  const { store, views, generations } = ctx.deps;
  const onPage = progressed(ctx, p);
  for (;;) {
    if (ctx.isStopping()) throw new RebuildInterrupted('The service stopped during the rebuild.');
    const batch = await store.readAll({ after, limit: ctx.batchSize });
    if (batch.length === 0) return after;
    await applyLogPage({ views }, batch, names, () => generations.liveIdle());
    after = batch.at(-1)!.checkpoint;
    await onPage(batch.length, after);
  }
};

/**
 * The bulk pass (rebuildPass.ts) from `after` to the head, then the list indexes and every statistics bucket built;
 * returns the cursor after the last page. Stopped, it writes what it applied and ends `interrupted` there.
 */
const bulk = async (ctx: RebuildContext, p: RebuildProgress, names: ViewNames, after: string | undefined) => {
  const { store, views, generations } = ctx.deps;
  const pace = () => generations.liveIdle();
  const { checkpoint, complete, days } = await applyLogInBulk(
    {
      store,
      deps: { views },
      names,
      batchSize: ctx.batchSize,
      pace,
      isStopping: ctx.isStopping,
      onPage: progressed(ctx, p),
    },
    after,
  );
  if (!complete) throw new RebuildInterrupted('The service stopped during the rebuild.');
  await finishBulk(views, names, pace, days);
  return checkpoint;
};

/**
 * One rebuild from start to end (done, failed, or interrupted by a stop), its progress saved along the way; never
 * rejects but on a save. A resumed one goes on from its checkpoint into the views it had begun.
 */
const runRebuild = async (ctx: RebuildContext, p: RebuildProgress, resumed = false) => {
  const { deps, save } = ctx;
  const { views, generations, clock } = deps;
  const target = viewNamesOf(p.generation);
  let held = false;
  try {
    if (!resumed) {
      for (const name of Object.values(target)) await views.drop(name); // leftovers of an earlier failed rebuild
      await ensureLookupIndexes(views, target);
      p.eventsTotal = await estimateEvents(deps.store);
      await save(p);
    }
    // the log in bulk, then what was appended meanwhile page by page (statistics kept up as the live projector does)
    const bulkEnd = await bulk(ctx, p, target, p.checkpoint ?? undefined);
    const checkpoint = await catchUp(ctx, p, target, bulkEnd);

    // The switch point: the live projector waits (after the messages in flight), the final pass applies
    // everything appended meanwhile, then reads and the live projector move to the new generation together.
    p.state = 'switching';
    await save(p);
    await generations.hold();
    held = true;
    await catchUp(ctx, p, target, checkpoint);
    await markBucketsBuilt(views, target); // built from the whole log: no backfill after a restart
    const old = generations.current();
    await generations.switchTo(p.generation);
    generations.release();
    held = false;

    for (const name of Object.values(old)) await views.drop(name);
    p.state = 'done';
  } catch (error) {
    if (held) generations.release();
    p.error = error instanceof Error ? error.message : String(error);
    if (error instanceof RebuildInterrupted) {
      // the views built so far stay: `start({ resume: id })` goes on from p.checkpoint
      p.state = 'interrupted';
      p.finishedAt = clock().toISOString();
      await save(p).catch((e: unknown) => deps.onError?.(e, 'saving the rebuild progress failed'));
      return;
    }
    p.state = 'failed';
    deps.onError?.(error, `projection rebuild ${p.id} failed`);
    if (generations.generation !== p.generation) {
      for (const name of Object.values(target)) await views.drop(name).catch(() => undefined);
    }
  }
  p.finishedAt = clock().toISOString();
  await save(p).catch((error: unknown) => deps.onError?.(error, 'saving the rebuild progress failed'));
};

/** The progress of a rebuild that has just started. */
const newProgress = (generation: number, startedAt: string): RebuildProgress => ({
  id: randomUUID(),
  state: 'running',
  generation,
  eventsProcessed: 0,
  eventsTotal: 0,
  eventsTotalExact: false,
  percent: 0,
  eventsPerSecond: 0,
  etaSeconds: null,
  checkpoint: null,
  startedAt,
  finishedAt: null,
});

/**
 * Rebuilds the appeal views from zero, from the event store's global log, into the next generation of the
 * collections while the live projector keeps the current one; once caught up it switches (see
 * {@link ViewGenerations}) and drops the old generation. One rebuild at a time per process.
 *
 * @example
 * const run = rebuilder.start();          // { id, state: 'running', percent: 0, ... }
 * await rebuilder.finished();             // resolves when it is done or failed
 * await rebuilder.progress(run.id);       // { state: 'done', percent: 100, ... }
 */
export function createViewRebuilder(deps: ViewRebuilderDeps) {
  const { views, generations, clock } = deps;
  const batchSize = deps.batchSize ?? 500;
  const runs = new Map<string, RebuildProgress>();
  let running: { progress: RebuildProgress; done: Promise<void> } | undefined;
  let stopping = false;
  const saves = new Map<string, number>();

  /** Keeps the progress in the read store too, so any copy of the service (and a restarted one) can answer. */
  const save = async (p: RebuildProgress) => {
    p.percent = percentOf(p);
    const revision = (saves.get(p.id) ?? 0) + 1;
    saves.set(p.id, revision);
    await views.upsert(ProjectionMeta.collection, progressId(p.id), { ...p }, revision);
  };
  const context: RebuildContext = { deps, batchSize, save, isStopping: () => stopping };

  const launch = (progress: RebuildProgress, resumed: boolean): RebuildProgress => {
    if (running) throw new RebuildAlreadyRunning({ ...running.progress });
    if (stopping) throw new Error('The service is stopping.');
    runs.set(progress.id, progress);
    const done = runRebuild(context, progress, resumed).finally(() => (running = undefined));
    running = { progress, done };
    return { ...progress };
  };

  /** The interrupted rebuild `id`, ready to go on; throws RebuildNotResumable saying why it cannot. */
  const resumable = async (id: string): Promise<RebuildProgress> => {
    const stored =
      runs.get(id) ?? (await views.get<RebuildProgress>(ProjectionMeta.collection, progressId(id)));
    if (!stored || stored.id !== id) throw new RebuildNotResumable(`No rebuild ${id} to resume.`);
    if (stored.state !== 'interrupted' || !stored.checkpoint)
      throw new RebuildNotResumable(`Rebuild ${id} is ${stored.state}: only an interrupted rebuild goes on.`);
    if (stored.generation !== generations.generation + 1)
      throw new RebuildNotResumable(
        `Rebuild ${id} built generation ${stored.generation}, which is no longer next.`,
      );
    const { _revision: _r, error: _e, ...rest } = stored as RebuildProgress & { _revision?: number };
    saves.set(id, Math.max(saves.get(id) ?? 0, _r ?? 0));
    return { ...rest, state: 'running', finishedAt: null };
  };

  return {
    /** Starts a rebuild in the background; throws {@link RebuildAlreadyRunning} while one runs. */
    start(): RebuildProgress {
      return launch(newProgress(generations.generation + 1, clock().toISOString()), false);
    },
    /**
     * Goes on with an interrupted rebuild (the service stopped while it ran) from its checkpoint, into the views it
     * had begun; throws {@link RebuildNotResumable} saying why when it cannot, {@link RebuildAlreadyRunning}.
     */
    async resume(id: string): Promise<RebuildProgress> {
      if (running) throw new RebuildAlreadyRunning({ ...running.progress });
      return launch(await resumable(id), true);
    },
    /** The progress of a rebuild started by any copy of the service, or undefined. */
    async progress(id: string): Promise<RebuildProgress | undefined> {
      const local = runs.get(id);
      if (local) return { ...local, percent: percentOf(local) };
      const stored = await views.get<RebuildProgress>(ProjectionMeta.collection, progressId(id));
      if (!stored || stored.id !== id) return undefined;
      const { _revision: _r, ...rest } = stored;
      return rest;
    },
    /** Resolves when the running rebuild (if any) has finished. */
    async finished(): Promise<void> {
      await running?.done;
    },
    /** Stops a running rebuild (it ends as failed; the active generation stays) and waits for it. */
    async stop(): Promise<void> {
      stopping = true;
      await running?.done;
    },
  };
}

export type ViewRebuilder = ReturnType<typeof createViewRebuilder>;
