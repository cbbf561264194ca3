import { isDomainError } from '@appeals/decider';
import {
  startSubscription,
  type CheckpointStore,
  type EventStore,
  type StoredEvent,
  type Subscription,
} from '@appeals/eventstore';
import { SubjectErasedError } from '@appeals/personal-data';
import type { AppealCommands, ServiceName } from './appealCommands';
import { fileLinkedAppeals, LINKING_EVENT_TYPES } from './linkedAppeal';

/** The checkpoint the linked appeals process keeps by default (a prepared or imported log moves it with the others). */
export const LINKED_APPEALS_SUBSCRIPTION = 'linked-appeals';

export interface LinkedAppealsProcessOptions {
  store: EventStore;
  /** where the process keeps how far it read the log (the event store's own checkpoints) */
  checkpoints: CheckpointStore;
  commands: AppealCommands;
  /** the service hosting it: recorded on a linked appeal whose parent's event names no service */
  service: ServiceName;
  /** the checkpoint's name (default `linked-appeals`) */
  subscriptionId?: string;
  /** events per page read (default 500); the checkpoint moves once per page */
  batchSize?: number;
  /** backoff of a failing page (default 100 ms doubling up to 5 s) */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  onError?: (error: unknown, context: string) => void;
}

/**
 * Failures no retry cures: the decider refused the linked appeal, or the applicant's data was erased before the
 * part's description could be sealed (nothing can be sealed for them any more).
 */
const isFinal = (error: unknown) => isDomainError(error) || error instanceof SubjectErasedError;

/** The linking events of a page, grouped by the parent appeal they are about (each parent read once). */
function byParent(events: readonly StoredEvent[]): Map<string, Set<string>> {
  const parents = new Map<string, Set<string>>();
  for (const event of events) {
    if (!LINKING_EVENT_TYPES.has(event.type)) continue;
    const parentId = (event.data as { appealId: string }).appealId;
    const ids = parents.get(parentId) ?? new Set<string>();
    parents.set(parentId, ids.add(event.id));
  }
  return parents;
}

/**
 * The process manager of linked appeals (ADR 0028): tails the event log from its own durable checkpoint and, for
 * every forwarded part and complaint recorded on a parent appeal, files the linked appeal if it is not there yet
 * ({@link fileLinkedAppeals}). The checkpoint moves only after a page's links are complete, so a process that
 * crashed between the parent's event and its linked appeal finds that event again when it restarts, however long
 * after; a failing page (store or vault unreachable) is retried with backoff, never skipped. Only what no retry
 * cures — a refusal by the decider (which recorded the parent's event only because the linked appeal could be
 * filed), an applicant erased meanwhile — is reported and passed, so one broken link cannot hold up the others. Every step is idempotent: the request that recorded the event files
 * the appeal at once, and this process, finding it there, files nothing.
 *
 * @example
 * const process = startLinkedAppealsProcess({ store, checkpoints: store.checkpoints, commands, service: 'response' });
 * await process.caughtUp();
 */
export function startLinkedAppealsProcess(options: LinkedAppealsProcessOptions): Subscription {
  const { commands, service } = options;
  const report = options.onError ?? ((error, context) => console.error(context, error));
  return startSubscription({
    store: options.store,
    checkpoints: options.checkpoints,
    subscriptionId: options.subscriptionId ?? LINKED_APPEALS_SUBSCRIPTION,
    batchSize: options.batchSize ?? 500,
    ...(options.retry ? { retry: options.retry } : {}),
    batchHandler: async (events) => {
      for (const [parentId, eventIds] of byParent(events)) {
        try {
          await fileLinkedAppeals(commands, parentId, { service, eventIds });
        } catch (error) {
          if (!isFinal(error)) throw error; // the page is handed over again after the backoff
          report(
            error,
            `linked appeals: the linked appeal of ${parentId} cannot be filed; left for an operator`,
          );
        }
      }
    },
    onError: (error, context) =>
      report(
        error,
        `linked appeals: ${context.phase} failed (attempt ${context.attempt}), retrying in ${context.retryInMs} ms`,
      ),
  });
}
