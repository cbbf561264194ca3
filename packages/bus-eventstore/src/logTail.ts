import type { DeliveredMessage } from '@appeals/bus';
import type { EventStore, StoredEvent } from '@appeals/eventstore';

/** A stored event with its bus message, built once for every group that reads it. */
export interface TailEntry {
  event: StoredEvent;
  message: Omit<DeliveredMessage, 'attempt'>;
}

export interface LogTail {
  /**
   * Entries after `after` (at most `limit`), from memory when the tail holds them and no append happened since it
   * last reached the end of the log, from the store otherwise (`fromStore` forces that, e.g. for a poll that looks
   * for other processes' appends).
   */
  read(after: string | undefined, limit: number, fromStore?: boolean): Promise<TailEntry[]>;
  /** how many appends this process has seen so far (a change means the log grew) */
  readonly appends: number;
  dispose(): void;
}

/**
 * The most recent stretch of the log, shared by every consumer group: when groups keep up (the usual case), an
 * append costs one read of the store and one message encoding, not one per group.
 */
export function createLogTail(
  store: EventStore,
  toEntry: (event: StoredEvent) => TailEntry,
  capacity = 5000,
): LogTail {
  let entries: TailEntry[] = [];
  /** absolute number of entries[0]; the checkpoint before it is `base` */
  let first = 0;
  let base: string | undefined;
  let end: string | undefined;
  let started = false;
  const positionOf = new Map<string, number>();
  let appends = 0;
  /** the append count when the tail last held everything up to the end of the log */
  let completeAt = -1;
  /** the global position of the tail's last entry (0: the log was empty), when known */
  let endPosition: number | undefined;

  const startOf = (after: string | undefined): number | undefined => {
    if (!started) return undefined;
    if (after === base) return 0;
    if (after === end) return entries.length;
    const at = after === undefined ? undefined : positionOf.get(after);
    return at === undefined ? undefined : at - first + 1;
  };

  const extend = (page: TailEntry[]) => {
    for (const entry of page) {
      positionOf.set(entry.event.checkpoint, first + entries.length);
      entries.push(entry);
    }
    if (page.length > 0) {
      const last = page[page.length - 1]!.event;
      end = last.checkpoint;
      endPosition = last.globalPosition;
    }
    const excess = entries.length - capacity;
    if (excess > 0) {
      for (const entry of entries.slice(0, excess)) positionOf.delete(entry.event.checkpoint);
      base = entries[excess - 1]!.event.checkpoint;
      entries = entries.slice(excess);
      first += excess;
    }
  };

  // This process's own appends arrive with their events: when they continue a complete tail, the tail takes them
  // as they are, and the groups they wake read them from memory, not from the store.
  const unsubscribe = store.onAppended((appended) => {
    const complete = completeAt === appends;
    appends++;
    if (!complete || appended === undefined || appended.length === 0) return;
    if (endPosition === undefined || appended[0]!.globalPosition !== endPosition + 1) return;
    extend(appended.map(toEntry));
    completeAt = appends;
  });

  return {
    async read(after, limit, fromStore = false) {
      const start = startOf(after);
      if (!fromStore && start !== undefined && completeAt === appends) {
        return entries.slice(start, start + limit);
      }
      const seen = appends;
      const page = (await store.readAll({ after, limit })).map(toEntry);
      // keep the page when it continues the tail (or starts it); a group far behind reads past the tail
      if (!started || entries.length === 0 || after === end) {
        if (!started || entries.length === 0) {
          started = true;
          base = end = after;
          endPosition = after === undefined ? 0 : undefined;
          positionOf.clear();
        }
        extend(page);
        if (page.length < limit) completeAt = seen;
      }
      return page;
    },
    get appends() {
      return appends;
    },
    dispose() {
      unsubscribe();
      entries = [];
      positionOf.clear();
      endPosition = undefined;
    },
  };
}
