import type { ReadStore } from '@appeals/readstore';
import { Views } from './views';

/** How many readers may wait on view changes at once in one process, unless told otherwise. */
export const DEFAULT_MAX_WATCHES = 1_000;

/** Too many readers already wait in this process: the caller should answer 503 and let the client retry. */
export class TooManyWatches extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} readers are waiting for view changes.`);
    this.name = 'TooManyWatches';
  }
}

export type WatchOutcome = 'changed' | 'elapsed' | 'ended';

/** One reader's interest in one appeal's view. */
export interface ViewWatch {
  /**
   * Resolves `'changed'` at the first change since the watch opened or since the last `next` that saw one (a
   * change in between is never missed), `'elapsed'` when `ms` pass first, `'ended'` when `signal` aborts, the
   * watch is closed or the notifier closes.
   */
  next(ms: number, signal?: AbortSignal): Promise<WatchOutcome>;
  /** Stops watching (idempotent); a pending `next` resolves `'ended'`. */
  close(): void;
}

/**
 * "Appeal X's view changed", told in process by whoever writes the views to whoever waits on them, so a reader
 * waits for a write instead of polling the read store. A change only says "read again": it carries no document,
 * so a write of any generation of the views (a rebuild's too) and a generation switch are all the same to it.
 */
export interface ViewChanges {
  /** Appeal `appealId`'s documents were written. */
  changed(appealId: string): void;
  /** Every appeal's documents may read differently now (the active generation switched). */
  changedAll(): void;
  /** Opens a watch on one appeal; throws {@link TooManyWatches} when the bound is reached. */
  watch(appealId: string): ViewWatch;
  /** Open watches, for tests and metrics. */
  readonly watching: number;
  /** Ends every watch and refuses new ones (the service is stopping): waiting readers answer at once. */
  close(): void;
}

interface WatchState {
  dirty: boolean;
  wake: ((outcome: WatchOutcome) => void) | undefined;
}

/**
 * Creates the in-process notifier.
 *
 * @example
 * const changes = createViewChanges();
 * const watch = changes.watch(appealId); // before the first read, so no write slips in between
 * try { while (!caughtUp(await read()) && (await watch.next(msLeft)) === 'changed'); } finally { watch.close(); }
 */
export function createViewChanges(options: { maxWatches?: number } = {}): ViewChanges {
  const limit = options.maxWatches ?? DEFAULT_MAX_WATCHES;
  const byAppeal = new Map<string, Set<WatchState>>();
  let count = 0;
  let closed = false;
  const mark = (state: WatchState) => {
    if (state.wake) state.wake('changed');
    else state.dirty = true;
  };

  return {
    changed(appealId) {
      for (const state of byAppeal.get(appealId) ?? []) mark(state);
    },
    changedAll() {
      for (const states of byAppeal.values()) for (const state of states) mark(state);
    },
    get watching() {
      return count;
    },
    close() {
      closed = true;
      for (const states of byAppeal.values()) for (const state of states) state.wake?.('ended');
    },
    watch(appealId) {
      if (count >= limit) throw new TooManyWatches(limit);
      const state: WatchState = { dirty: false, wake: undefined };
      let set = byAppeal.get(appealId);
      if (!set) byAppeal.set(appealId, (set = new Set()));
      set.add(state);
      count++;
      let open = true;
      return {
        next(ms, signal) {
          if (!open || closed || signal?.aborted) return Promise.resolve('ended');
          if (state.dirty) {
            state.dirty = false;
            return Promise.resolve('changed');
          }
          if (ms <= 0) return Promise.resolve('elapsed');
          return new Promise<WatchOutcome>((resolve) => {
            const timer = setTimeout(() => finish('elapsed'), ms);
            timer.unref?.();
            const onAbort = () => finish('ended');
            signal?.addEventListener('abort', onAbort, { once: true });
            function finish(outcome: WatchOutcome) {
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
              state.wake = undefined;
              resolve(outcome);
            }
            state.wake = finish;
          });
        },
        close() {
          if (!open) return;
          open = false;
          count--;
          set.delete(state);
          if (set.size === 0 && byAppeal.get(appealId) === set) byAppeal.delete(appealId);
          state.wake?.('ended');
        },
      };
    },
  };
}

/** Whether a collection is one generation of the appeal detail or summary view (`appeal_detail`, `…__g3`). */
const isAppealView = (collection: string) =>
  [Views.detail, Views.summary].some((name) => collection === name || collection.startsWith(`${name}__g`));

/**
 * The read store as the projector and the rebuild write it, telling `changes` after each write of an appeal's
 * detail or summary document. The projector and the rebuild are unchanged: they are handed this store.
 * Every method of the port is passed on explicitly, so a new port method fails to compile here instead of
 * slipping past the notifier.
 */
export function announcingWrites(views: ReadStore, changes: ViewChanges): ReadStore {
  return {
    async upsert(collection, id, doc, revision) {
      const written = await views.upsert(collection, id, doc, revision);
      if (isAppealView(collection)) changes.changed(id);
      return written;
    },
    get: (collection, id) => views.get(collection, id),
    find: (collection, query) => views.find(collection, query),
    findItems: (collection, query) => views.findItems(collection, query),
    ensureIndex: (collection, fields) => views.ensureIndex(collection, fields),
    drop: (collection) => views.drop(collection),
    close: () => views.close(),
  };
}

/** What waiting for a view gives: the last document read, and whether it met the condition. */
export interface ViewWait<T> {
  doc: T | null;
  met: boolean;
}

/**
 * Reads with `read` until `met` holds for what it returns, for up to `waitMs`, re-reading only when `watch` (opened
 * before this call, so a write just before the first read still counts) sees the view change, or every
 * `recheckMs` when another process may write the views. `read` returns null for "not there, or not yours": both
 * simply wait on, so waiting tells a caller nothing reading would not. Without a watch it reads once.
 */
export async function readWhen<T>(
  read: () => Promise<T | null>,
  met: (doc: T) => boolean,
  wait: {
    watch: ViewWatch | undefined;
    waitMs: number;
    recheckMs?: number | undefined;
    signal?: AbortSignal | undefined;
  },
): Promise<ViewWait<T>> {
  const deadline = Date.now() + wait.waitMs;
  for (;;) {
    const doc = await read();
    if (doc !== null && met(doc)) return { doc, met: true };
    const left = deadline - Date.now();
    if (!wait.watch || left <= 0) return { doc, met: false };
    const outcome = await wait.watch.next(Math.min(left, wait.recheckMs ?? left), wait.signal);
    // nothing changed in this process until the deadline (and no other process writes): the document stands
    if (outcome === 'ended' || (outcome === 'elapsed' && wait.recheckMs === undefined))
      return { doc, met: false };
  }
}
