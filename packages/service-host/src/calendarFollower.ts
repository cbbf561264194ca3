import type { Jurisdictions } from '@appeals/appeal-application';
import { calendarStream, decodePayload } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';

export interface CalendarFollowerOptions {
  store: EventStore;
  jurisdictions: Jurisdictions;
  profileIds: string[];
  /** a look even without a wake-up from the store (default 30 s) */
  pollIntervalMs?: number;
  /**
   * how long after an append the follower looks (default 1 s): appends of any stream wake it, and every append
   * within this while shares the one look, so a busy log costs it a look per profile and this while, not per append
   */
  wakeDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Keeps this process's working-day calendars in step with the calendar streams: it applies every year an admin
 * loaded before the start, then follows new loads (an admin's PUT reaches one intake process; every other process,
 * intake replicas included, picks the year up from the event store about a second later: `wakeDelayMs`).
 */
export function createCalendarFollower(options: CalendarFollowerOptions) {
  const next = new Map<string, number>(options.profileIds.map((id) => [id, 0]));
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const readNew = async (): Promise<number> => {
    let applied = 0;
    for (const profileId of options.profileIds) {
      const from = next.get(profileId) ?? 0;
      for (const event of await options.store.readStream(calendarStream(profileId), { fromPosition: from })) {
        if (event.type === 'CalendarYearLoaded') {
          options.jurisdictions.book.addYear(decodePayload('CalendarYearLoaded', event).calendar);
          applied++;
        }
        next.set(profileId, event.streamPosition + 1);
      }
    }
    return applied;
  };

  /** Applies what was loaded since the last look; concurrent calls share one read, and one more follows. */
  const refresh = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = readNew().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void refresh().catch((err: unknown) => options.onError?.(err));
      }
    });
    return running;
  };

  return {
    refresh,
    /** Applies every stored year, then follows; resolves with how many years were applied at start. */
    async start(): Promise<number> {
      const applied = await refresh();
      unsubscribe = options.store.onAppended(() => {
        // appends of any stream wake the store: look once a while later, for all of them
        debounce ??= setTimeout(() => {
          debounce = undefined;
          refresh().catch((err: unknown) => options.onError?.(err));
        }, options.wakeDelayMs ?? 1_000);
      });
      timer = setInterval(
        () => void refresh().catch((err: unknown) => options.onError?.(err)),
        options.pollIntervalMs ?? 30_000,
      );
      timer.unref();
      return applied;
    },
    async stop(): Promise<void> {
      unsubscribe?.();
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      await running?.catch(() => undefined);
    },
  };
}
