import type { EventStore, WorkerSource } from '@appeals/eventstore';
import type { ReadStoreSource } from '@appeals/readstore';
import { startThread, threadEntry, type ThreadEntry } from '@appeals/threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ViewNames } from './generations';
import type { StatsBucket } from './statsBuckets';

/**
 * A rebuild's bulk pass on several threads (ADR 0038): each fold thread (rebuildWorker.ts) opens the log and the
 * views itself, reads every page of the log up to the head the rebuild started at, and folds the streams of its
 * share into the new generation (a stream always falls in the same share, so each appeal's events apply in log
 * order on one thread). This thread only counts the pages every thread has applied, for the progress and the
 * checkpoint, and tells the threads to stop.
 */

/** The most fold threads a rebuild starts: past the cores, threads only take turns. */
const MAX_FOLD_THREADS = 4;

/**
 * A fold thread's young generation: it makes many short-lived objects (rows, envelopes, documents) and collects them
 * far less often with this than with V8's default (the bulk pass at a million events: 28 s with V8's 16 MB, 18 to 20 s with 96 or 128).
 */
const FOLD_YOUNG_GENERATION_MB = 128;

/** Fold threads by default: one per core (the main thread then only coordinates), at most {@link MAX_FOLD_THREADS}. */
export const defaultFoldThreads = (): number => Math.min(MAX_FOLD_THREADS, availableParallelism());

/** What a fold thread is started with (structured-cloneable). */
export interface FoldThreadData {
  log: WorkerSource;
  views: ReadStoreSource;
  names: ViewNames;
  share: { index: number; of: number };
  /** the cursor the pass begins after */
  after: string | undefined;
  /** the log's head position when the pass began: events past it are left to the page-by-page catch-up */
  until: number;
  batchSize: number;
  /** details the thread keeps in memory */
  cacheSize: number;
}

/**
 * fold thread → main thread: each page applied; `passed` once its pass ended (its writes committed); then `done`,
 * with the day buckets of the summaries it wrote when its pass began at the log's start and reached the end (the
 * statistics of the whole generation are their sum, ADR 0038).
 */
export type FoldThreadMessage =
  | { page: { events: number; checkpoint: string } }
  | { passed: { complete: boolean } }
  | { done: { days?: StatsBucket[] } }
  | { failed: string };

/** main thread → fold thread: end at the next page boundary (what was applied is written first). */
export interface FoldThreadStop {
  stop: true;
}

/** How fold threads can be started for a log and views, or undefined (a store in memory or on a server). */
export interface FoldSupport {
  thread: ThreadEntry;
  log: WorkerSource;
  views: ReadStoreSource;
}

/** Fold threads for this log and these views, when both can be opened by another thread and the worker is there. */
export function foldSupport(
  store: Pick<EventStore, 'workerSource' | 'headPosition'>,
  views: { workerSource?: ReadStoreSource | undefined },
): FoldSupport | undefined {
  const log = store.workerSource;
  const viewsSource = views.workerSource;
  if (!log || !viewsSource || !store.headPosition) return undefined;
  if (!existsSync(log.module) || !existsSync(viewsSource.module)) return undefined;
  const thread = threadEntry(__dirname, __filename, 'rebuildWorker');
  return thread && { thread, log, views: viewsSource };
}

/** What a sharded pass needs: the rebuild's bulk pass context without the store it does not read itself. */
export interface ShardedPassContext {
  names: ViewNames;
  batchSize: number;
  threads: number;
  cacheSize: number;
  until: number;
  onPage?: (events: number, checkpoint: string) => Promise<void>;
  isStopping?: () => boolean;
}

/** The end of a sharded pass: where it got to, and the day buckets its threads summed (when they could). */
export interface ShardedPassEnd {
  checkpoint: string | undefined;
  complete: boolean;
  /** every thread's day buckets, once they are summed; undefined when the pass did not cover the whole log */
  days: Promise<StatsBucket[] | undefined>;
}

/** Counts the pages every thread has applied, in order, and the cursor after the last of them. */
function pageCounter(of: number, after: string | undefined, onPage: ShardedPassContext['onPage']) {
  const pages: Array<{ events: number; checkpoint: string }> = [];
  const applied = new Array<number>(of).fill(0);
  let reported = 0;
  let progress = Promise.resolve();
  return {
    /** Thread `index` applied its next page; the progress counts a page once every thread has applied it. */
    applied(index: number, page: { events: number; checkpoint: string }): Promise<void> {
      pages[applied[index]!] ??= page;
      applied[index]! += 1;
      for (const everyone = Math.min(...applied); reported < everyone; reported++) {
        const next = pages[reported]!;
        progress = progress.then(() => onPage?.(next.events, next.checkpoint));
      }
      return progress;
    },
    /** The cursor after the last page every thread applied, once the progress of every page is saved. */
    async checkpoint(): Promise<string | undefined> {
      await progress;
      const everyone = Math.min(...applied);
      return everyone > 0 ? pages[everyone - 1]!.checkpoint : after;
    },
  };
}

/** Starts `ctx.threads` fold threads, one per share, from `after`, each reporting to `on`. */
function startFoldThreads(
  support: FoldSupport,
  ctx: ShardedPassContext,
  after: string | undefined,
  on: {
    onMessage: (index: number, m: FoldThreadMessage) => void;
    fail: (error: Error) => void;
    exited: (index: number, code: number) => void;
  },
): Worker[] {
  const of = ctx.threads;
  return Array.from({ length: of }, (_, index) => {
    const data: FoldThreadData = {
      log: support.log,
      views: support.views,
      names: ctx.names,
      share: { index, of },
      after,
      until: ctx.until,
      batchSize: ctx.batchSize,
      cacheSize: Math.ceil(ctx.cacheSize / of),
    };
    const worker = startThread(support.thread, data, { maxYoungGenerationSizeMb: FOLD_YOUNG_GENERATION_MB });
    worker.on('message', (m: FoldThreadMessage) => on.onMessage(index, m));
    worker.on('error', on.fail);
    worker.on('exit', (code) => on.exited(index, code));
    return worker;
  });
}

/**
 * Runs the fold threads from `after` to `ctx.until`; resolves once every thread's pass ended, with the cursor after
 * the last page every thread applied and whether all reached the end; rejects when a thread fails (the others are
 * ended). The threads then sum their day buckets (`days`) and are ended.
 */
export function applyLogInShards(
  support: FoldSupport,
  ctx: ShardedPassContext,
  after: string | undefined,
): Promise<ShardedPassEnd> {
  const of = ctx.threads;
  const counter = pageCounter(of, after, ctx.onPage);
  const passed: Array<boolean | undefined> = new Array<boolean | undefined>(of).fill(undefined);
  const days: Array<StatsBucket[] | undefined | null> = new Array<StatsBucket[] | undefined | null>(of).fill(
    null,
  );
  const workers: Worker[] = [];
  let failure: Error | undefined;
  let endPass: (error?: Error) => void = () => undefined;
  let endDays: (error?: Error) => void = () => undefined;
  const daysSummed = new Promise<StatsBucket[] | undefined>((resolve, reject) => {
    endDays = (error) => {
      if (error) return reject(error);
      resolve(days.some((d) => d === undefined) ? undefined : (days as StatsBucket[][]).flat());
    };
  });
  daysSummed.catch(() => undefined); // reported by whoever awaits it
  const terminate = () => void Promise.all(workers.map((w) => w.terminate())).catch(() => undefined);
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    terminate();
    endPass(error);
    endDays(error);
  };
  const stopAll = () => {
    const stop: FoldThreadStop = { stop: true };
    for (const w of workers) w.postMessage(stop);
  };
  const onMessage = (index: number, m: FoldThreadMessage) => {
    if ('failed' in m) return fail(new Error(`Fold thread ${index + 1} of ${of} failed: ${m.failed}`));
    if ('page' in m) {
      counter
        .applied(index, m.page)
        .catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
      if (ctx.isStopping?.()) stopAll();
    } else if ('passed' in m) {
      passed[index] = m.passed.complete;
      if (passed.every((p) => p !== undefined)) endPass();
    } else {
      days[index] = m.done.days;
      if (days.every((d) => d !== null)) {
        terminate();
        endDays();
      }
    }
  };
  return new Promise<ShardedPassEnd>((resolve, reject) => {
    endPass = (error) => {
      if (error) return reject(error);
      counter
        .checkpoint()
        .then(
          (checkpoint) => resolve({ checkpoint, complete: passed.every(Boolean), days: daysSummed }),
          reject,
        );
    };
    const exited = (index: number, code: number) => {
      if (days[index] === null) fail(new Error(`Fold thread ${index + 1} of ${of} exited (code ${code}).`));
    };
    workers.push(...startFoldThreads(support, ctx, after, { onMessage, fail, exited }));
  });
}
