import {
  isConcurrencyError,
  type EventMetadata,
  type EventStore,
  type StoredEvent,
} from '@appeals/eventstore';
import type { Decider } from './decider';

export interface HandleResult<S> {
  /** events appended by this call (empty when the command was already satisfied) */
  appended: StoredEvent[];
  state: S;
  /** stream revision after the call; -1 when the stream does not exist */
  version: number;
}

export interface CommandHandlerOptions<E> {
  /** how many times to re-read and re-decide after a concurrent write (default 3) */
  retries?: number;
  /** event id generator (randomUUID in production, deterministic in tests) */
  newId: () => string;
  /** maps a stored event back to a domain event (validate / upcast here) */
  toDomain?: (e: StoredEvent) => E;
  /** the schema version to stamp on a new event of this type (`metadata.schemaVersion`); none when absent */
  versionOf?: (type: string) => number;
}

/**
 * Loads a stream, folds it, decides, appends with optimistic concurrency; retries on conflict.
 *
 * @example
 * const handle = createCommandHandler(store, appealDecider, { newId: randomUUID });
 * await handle(appealStream(id), command, { actor, service: 'routing' });
 */
export function createCommandHandler<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  options: CommandHandlerOptions<E>,
) {
  const toDomain = options.toDomain ?? ((e: StoredEvent) => ({ type: e.type, data: e.data }) as E);
  const retries = options.retries ?? 3;
  const { versionOf } = options;
  const metadataOf = (type: string, metadata: EventMetadata): EventMetadata =>
    versionOf ? { ...metadata, schemaVersion: versionOf(type) } : metadata;
  return async function handle(
    streamId: string,
    command: C,
    metadata: EventMetadata = {},
    /** the stream's state and version as the caller just read them: the first attempt decides on them */
    known?: { state: S; version: number },
  ): Promise<HandleResult<S>> {
    for (let attempt = 0; ; attempt++) {
      const loaded = attempt === 0 && known ? known : undefined;
      const stored = loaded ? [] : await store.readStream(streamId);
      const state = loaded?.state ?? stored.map(toDomain).reduce(decider.evolve, decider.initialState);
      const version = loaded?.version ?? stored.length - 1;
      const events = decider.decide(command, state);
      if (events.length === 0) return { appended: [], state, version };
      try {
        const result = await store.append(
          streamId,
          events.map((e) => ({
            id: options.newId(),
            type: e.type,
            data: e.data,
            metadata: metadataOf(e.type, metadata),
          })),
          { expectedVersion: version < 0 ? 'no_stream' : version },
        );
        return {
          appended: result.events,
          state: events.reduce(decider.evolve, state),
          version: result.nextExpectedVersion,
        };
      } catch (e) {
        if (!isConcurrencyError(e) || attempt >= retries) throw e;
      }
    }
  };
}
