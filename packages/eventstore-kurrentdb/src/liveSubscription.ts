import {
  END,
  excludeSystemEvents,
  type AllStreamSubscription,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import type { AppendListeners } from '@appeals/eventstore';
import { isHiddenEvent } from './metadata';

/** The live `$all` subscription that tells onAppended listeners about other processes' appends. */
export interface LiveAppendFeed {
  /** starts it (from the end of the log) unless it runs or the store is closed */
  subscribe(): void;
  unsubscribe(): Promise<void>;
  /** true while it runs */
  isActive(): boolean;
}

/** Other processes' appends reach onAppended through a live `$all` subscription, restarted after errors. */
export const createLiveAppendFeed = (deps: {
  client: KurrentDBClient;
  listeners: AppendListeners;
  /** ids this process wrote: delivered ones are forgotten instead of notified again */
  ownIds: Set<string>;
  isClosed: () => boolean;
  onError: (error: unknown) => void;
}): LiveAppendFeed => {
  const { client, listeners, ownIds, isClosed } = deps;
  let subscription: AllStreamSubscription | undefined;

  const subscribe = () => {
    if (subscription !== undefined || isClosed()) return;
    const live = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    subscription = live;
    live.on('data', (resolved) => {
      const event = resolved.event;
      if (event === undefined || isHiddenEvent(event)) return;
      if (ownIds.delete(event.id)) return;
      listeners.notify();
    });
    live.on('error', (error: unknown) => {
      deps.onError(error);
      if (subscription === live) subscription = undefined;
      if (listeners.size > 0 && !isClosed()) setTimeout(subscribe, 1000).unref();
    });
  };

  const unsubscribe = async () => {
    const live = subscription;
    subscription = undefined;
    await live?.unsubscribe().catch(() => undefined);
  };

  return { subscribe, unsubscribe, isActive: () => subscription !== undefined };
};
