import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import {
  describeError,
  isUndecodable,
  type BusLogger,
  type DeliveredMessage,
  type SubscriptionHandlers,
} from '@appeals/bus';

/** What handling a fetched batch needs from the bus and the subscription. */
export interface ConsumeContext {
  groupId: string;
  handlers: SubscriptionHandlers;
  maxAttempts: number;
  /** the most messages one batch-handler call gets; a bigger fetch is handed over in slices */
  maxBatchSize: number;
  /** wait before redelivery after the n-th failure */
  backoffAfter: (failures: number) => number;
  /** publishes the message to the dead-letter topic; false for a dead letter itself */
  deadLetter: (message: DeliveredMessage, error: unknown) => Promise<boolean>;
  /** sets an undecodable message aside (quarantine topic, and table if any); false when that failed */
  quarantine: (groupId: string, message: DeliveredMessage, error: unknown) => Promise<boolean>;
  logger?: BusLogger | undefined;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

async function run(handle: () => Promise<void>): Promise<Outcome> {
  try {
    await handle();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** How often a running handler's consumer offers a heartbeat (kafkajs sends one only once its interval passed). */
export const HANDLER_HEARTBEAT_MS = 500;

/**
 * Runs a handler while heartbeating in the background. kafkajs heartbeats only when asked (between slices here),
 * so a handler slower than the session timeout (a loaded read store, a long batch) would get its member dropped
 * from the group, and every member would rejoin in turn: a rebalance storm that stalls the partition. A failed
 * background heartbeat (a rebalance under way) is left to the loop, which stops at `isStale()`.
 */
async function runAlive(heartbeat: () => Promise<void>, handle: () => Promise<void>): Promise<Outcome> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), HANDLER_HEARTBEAT_MS);
  try {
    return await run(handle);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Handles one fetched batch of one partition, in offset order. A batch handler gets the messages in slices of
 * `maxBatchSize`, and each slice's offsets are committed once it resolved; a slice that fails is redelivered one
 * message at a time (each counts that failure as its first attempt). A one-at-a-time handler gets every message
 * alone, retried in place with backoff until `maxAttempts`, then dead-lettered (one it cannot decode is quarantined
 * after its first attempt); its offsets are committed at the
 * end of the fetched batch and before every retry wait. Stopping or losing the partition leaves the rest
 * uncommitted for the next owner (at-least-once).
 */
export async function consumeBatch(context: ConsumeContext, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale } = payload;
  let resolved: string | undefined;
  let committed: string | undefined;
  const done = (offset: string) => {
    resolveOffset(offset);
    resolved = offset;
  };
  const commit = async () => {
    if (resolved === undefined || resolved === committed) return;
    const offset = resolved;
    await commitOffsetsIfNecessary({
      topics: [
        { topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset(offset) }] },
      ],
    });
    committed = offset;
  };
  const stillOwned = () => isRunning() && !isStale();
  /** Delivers the slice's messages alone, in order; false when it had to stop before the end. */
  const eachAlone = async (slice: KafkaMessage[], messages: DeliveredMessage[], firstAttempt: number) => {
    for (const [i, message] of messages.entries()) {
      if (!stillOwned() || !(await deliverAlone(context, payload, message, firstAttempt, commit)))
        return false;
      done(slice[i]!.offset);
    }
    return true;
  };

  const { batch: batchHandler } = context.handlers;
  for (let start = 0; start < batch.messages.length; start += context.maxBatchSize) {
    if (!stillOwned()) break;
    const slice = batch.messages.slice(start, start + context.maxBatchSize);
    const messages = slice.map((record) => toDelivered(batch.topic, batch.partition, record));
    if (batchHandler && messages.length > 1) {
      const outcome = await runAlive(heartbeat, () => batchHandler(messages));
      if (!outcome.ok) {
        context.logger?.warn(
          {
            groupId: context.groupId,
            topic: batch.topic,
            partition: batch.partition,
            offset: messages[0]!.offset,
            count: messages.length,
            error: describeError(outcome.error),
          },
          'Batch handler failed; its messages will be redelivered one at a time',
        );
        await commit();
        if (!(await pause(payload, context.backoffAfter(1)))) break;
        if (!(await eachAlone(slice, messages, 2))) break;
      } else {
        done(slice[slice.length - 1]!.offset);
      }
    } else if (!(await eachAlone(slice, messages, 1))) break;
    await commit();
    await heartbeat();
  }
  await commit();
}

/**
 * Delivers one message alone until it succeeds or is dead-lettered (true), or until the partition is stopped or
 * lost during a retry wait (false). `beforeWait` runs before each wait (commits what is done so far).
 */
async function deliverAlone(
  context: ConsumeContext,
  payload: EachBatchPayload,
  delivered: DeliveredMessage,
  firstAttempt: number,
  beforeWait: () => Promise<void>,
): Promise<boolean> {
  for (let attempt = firstAttempt; ; attempt += 1) {
    const message = { ...delivered, headers: { ...delivered.headers }, attempt };
    const outcome = await runAlive(payload.heartbeat, () => context.handlers.one(message));
    if (outcome.ok) return true;
    // what can never be decoded gets this one attempt
    if (isUndecodable(outcome.error) && (await context.quarantine(context.groupId, message, outcome.error)))
      return true;
    const details = {
      groupId: context.groupId,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempt,
      error: describeError(outcome.error),
    };
    if (attempt >= context.maxAttempts) {
      const sent = await context.deadLetter(message, outcome.error);
      context.logger?.error(
        details,
        sent
          ? 'Handler kept failing; message sent to the dead-letter topic'
          : 'Handler kept failing on a dead letter; message skipped',
      );
      return true;
    }
    context.logger?.warn(details, 'Handler failed; message will be redelivered');
    await beforeWait();
    if (!(await pause(payload, context.backoffAfter(attempt)))) return false;
  }
}

/** Waits `ms` in slices, heartbeating; false when the consumer stops or loses the partition meanwhile. */
async function pause(payload: EachBatchPayload, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  do {
    await sleep(Math.min(100, Math.max(0, until - Date.now())));
    if (!payload.isRunning() || payload.isStale()) return false;
    await payload.heartbeat();
  } while (Date.now() < until);
  return true;
}

/** A fetched record as the port delivers it: strings only (a header sent twice keeps its last value). */
export function toDelivered(topic: string, partition: number, record: KafkaMessage): DeliveredMessage {
  return {
    topic,
    partition,
    offset: Number(record.offset),
    key: record.key?.toString('utf8') ?? '',
    value: record.value?.toString('utf8') ?? '',
    headers: decodeHeaders(record.headers),
    attempt: 1,
  };
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined || value === null) continue;
    decoded[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return decoded;
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
