import { chainBatch } from './streamChain';
import type { ChainEvent, ChainLog } from './port';

/**
 * A log in memory for this package's own tests (it depends on no event store): appends one event at a time,
 * hashed as every adapter hashes it.
 */
export function createTestLog(): ChainLog & { append(streamId: string, type?: string): ChainEvent } {
  const events: ChainEvent[] = [];
  const listeners = new Set<() => void>();
  return {
    append(streamId, type = 'T') {
      const previous = events.filter((e) => e.streamId === streamId).at(-1);
      const position = previous === undefined ? 0 : previous.streamPosition + 1;
      const id = `${streamId}/${position}`;
      const time = new Date().toISOString();
      const [fields] = chainBatch(streamId, position, previous?.hash ?? null, [
        { id, type, time, dataJson: '{}', metadataJson: '{}' },
      ]);
      const globalPosition = events.length + 1;
      const event = {
        id,
        type,
        time,
        data: {},
        metadata: {},
        streamId,
        streamPosition: position,
        globalPosition,
        checkpoint: String(globalPosition),
        prevStreamHash: null,
        hash: '',
        ...fields,
      };
      events.push(event);
      listeners.forEach((listener) => listener());
      return event;
    },
    async readStream(streamId) {
      return events.filter((e) => e.streamId === streamId);
    },
    async readAll({ after, limit = Number.POSITIVE_INFINITY }) {
      const from = after === undefined ? 0 : Number(after);
      return events.slice(from, from + limit);
    },
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
