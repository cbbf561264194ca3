import {
  jsonEvent,
  type EventData,
  type JSONEventType,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { chainBatch } from '@appeals/chain';
import {
  assertExpectedVersion,
  detectIdempotentReplay,
  isConcurrencyError,
  prepareEvents,
  revisionAsNumber,
  type AppendResult,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  type PreparedEvent,
  type StoredEvent,
  type StreamRevision,
} from '@appeals/eventstore';
import { translateAppendError } from './errors';
import { toStreamState } from './expectedVersion';
import { encodeMetadata } from './metadata';
import { readLastEvent, readStreamEvents } from './reads';

/** What an append needs from the store around it. */
export interface KurrentAppendContext {
  client: KurrentDBClient;
  now: () => Date;
  /** ids this process wrote, so the $all subscription does not notify them a second time */
  ownIds: Set<string>;
  /** true while the live `$all` subscription runs (it is the one that forgets delivered own ids) */
  isSubscribed: () => boolean;
  notify: () => void;
}

/**
 * The stream chain needs the predecessor's hash, so the append names the exact revision it read: a
 * concurrent append then fails on the server instead of forking the chain. The caller's expectation is
 * checked here; for 'any' and 'stream_exists' a lost race is retried with the new head.
 */
const chainedAppendData = (
  streamId: string,
  expectedVersion: ExpectedVersion,
  texts: PreparedEvent[],
  last: StoredEvent | undefined,
) => {
  const revision: StreamRevision = last === undefined ? 'no_stream' : last.streamPosition;
  assertExpectedVersion(streamId, expectedVersion, revision);
  const chained = chainBatch(
    streamId,
    revision === 'no_stream' ? 0 : revision + 1,
    last?.hash ?? null,
    texts,
  );
  const data: EventData<JSONEventType>[] = texts.map((t, i) =>
    jsonEvent({
      id: t.id,
      type: t.type,
      data: JSON.parse(t.dataJson) as JSONEventType['data'],
      metadata: encodeMetadata(JSON.parse(t.metadataJson) as EventMetadata, t.time, chained[i]),
    }),
  );
  return { data, streamState: toStreamState(revision) };
};

/** The shared replay rules, checked against this stream (KurrentDB has no index by event id across streams). */
const findReplay = async (
  client: KurrentDBClient,
  streamId: string,
  events: NewEvent[],
): Promise<StoredEvent[] | undefined> => {
  const ids = new Set(events.map((e) => e.id));
  const stored = (await readStreamEvents(client, streamId)).filter((e) => ids.has(e.id));
  return detectIdempotentReplay(streamId, events, stored);
};

/** The answer to an append whose events were all stored already. */
const replayResult = (replay: StoredEvent[]): AppendResult => ({
  nextExpectedVersion: (replay[replay.length - 1] as StoredEvent).streamPosition,
  idempotentReplay: true,
  events: replay,
});

/** Appends at the exact head revision, retrying lost races for 'any'/'stream_exists'; the stream's next revision. */
const writeChained = async (
  ctx: KurrentAppendContext,
  streamId: string,
  events: NewEvent[],
  expectedVersion: ExpectedVersion,
  texts: PreparedEvent[],
): Promise<bigint> => {
  const retries = expectedVersion === 'any' || expectedVersion === 'stream_exists' ? 10 : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const { data, streamState } = chainedAppendData(
        streamId,
        expectedVersion,
        texts,
        await readLastEvent(ctx.client, streamId),
      );
      const result = await ctx.client.appendToStream(streamId, data, { streamState });
      return result.nextExpectedRevision;
    } catch (error) {
      const translated = translateAppendError(error, streamId, expectedVersion);
      if (isConcurrencyError(translated) && attempt < retries) continue;
      for (const event of events) ctx.ownIds.delete(event.id);
      throw translated;
    }
  }
};

/** The port's append on KurrentDB: replay check, chained exact-revision write, read-back of what was written. */
export const appendChained = async (
  ctx: KurrentAppendContext,
  streamId: string,
  events: NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<AppendResult> => {
  if (events.length === 0) {
    const last = await readLastEvent(ctx.client, streamId);
    const revision: StreamRevision = last === undefined ? 'no_stream' : last.streamPosition;
    assertExpectedVersion(streamId, expectedVersion, revision);
    return { nextExpectedVersion: revisionAsNumber(revision), idempotentReplay: false, events: [] };
  }
  for (const event of events) encodeMetadata(event.metadata, ''); // refuses reserved keys before anything is read
  // Any JSON value: the client writes JSON.stringify(data) and parses it back on read.
  const texts = prepareEvents(events, ctx.now);
  const replay = await findReplay(ctx.client, streamId, events);
  if (replay !== undefined) return replayResult(replay);

  for (const event of events) ctx.ownIds.add(event.id);
  const nextRevision = await writeChained(ctx, streamId, events, expectedVersion, texts);
  const first = Number(nextRevision) - events.length + 1;
  const written = await readStreamEvents(ctx.client, streamId, first, events.length);
  if (written.map((e) => e.id).join() !== events.map((e) => e.id).join()) {
    // KurrentDB answered a duplicate write at the same position with success (its own idempotency) and the
    // events sit elsewhere; the read above found none of them, so this is a race with a concurrent writer.
    for (const event of events) ctx.ownIds.delete(event.id);
    const again = await findReplay(ctx.client, streamId, events);
    if (again === undefined)
      throw new Error(`KurrentDB: appended events of ${streamId} not found on read-back`);
    return replayResult(again);
  }
  ctx.notify();
  // Forget own ids that the subscription may never deliver (no listener, or it was not running).
  if (!ctx.isSubscribed()) for (const event of events) ctx.ownIds.delete(event.id);
  else setTimeout(() => events.forEach((event) => ctx.ownIds.delete(event.id)), 60_000).unref();
  return { nextExpectedVersion: Number(nextRevision), idempotentReplay: false, events: written };
};
