import { BACKWARDS, END, jsonEvent, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { CheckpointStore } from '@appeals/eventstore';
import { isStreamDeleted, isStreamNotFound } from './errors';

/** Stream holding one subscription's checkpoint (its last event; older ones are truncated by `$maxCount: 1`). */
export const checkpointStream = (subscriptionId: string): string => `appeals-checkpoint-${subscriptionId}`;
/** Event type of checkpoint records: `$`-prefixed, so readAll's system-event filter leaves them out. */
export const CHECKPOINT_EVENT_TYPE = '$appeals-checkpoint';

/** Subscription checkpoints as the last event of one KurrentDB stream per subscription. */
export const createCheckpointStore = (client: KurrentDBClient, assertOpen: () => void): CheckpointStore => ({
  async load(subscriptionId) {
    assertOpen();
    try {
      for await (const resolved of client.readStream(checkpointStream(subscriptionId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const data = resolved.event?.data as { checkpoint?: unknown } | undefined;
        if (typeof data?.checkpoint === 'string') return data.checkpoint;
      }
    } catch (error) {
      if (isStreamNotFound(error) || isStreamDeleted(error)) return undefined;
      throw error;
    }
    return undefined;
  },
  async save(subscriptionId, checkpoint) {
    assertOpen();
    const stream = checkpointStream(subscriptionId);
    const result = await client.appendToStream(
      stream,
      jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { checkpoint } }),
    );
    // First save: keep only the latest checkpoint (the server scavenges older ones).
    if (result.nextExpectedRevision === 0n) await client.setStreamMetadata(stream, { maxCount: 1 });
  },
});
