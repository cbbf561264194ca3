import type { Admin, Consumer as KafkaConsumer, Kafka } from 'kafkajs';
import {
  checkSubscription,
  DEAD_LETTER_TOPIC,
  describeError,
  replayClaimed,
  type BusLogger,
  type DeliveredMessage,
  type Quarantine,
  type Consumer,
  type SubscribeOptions,
} from '@appeals/bus';
import { consumeBatch, type ConsumeContext } from './consume';
import type { KafkaBusSettings } from './options';
import { endOffsets, retryingWhileRetriable } from './topics';

// A subscription as a member of a Kafka consumer group: joined, positioned, consuming, stopped.

interface Member {
  groupId: string;
  consumer: KafkaConsumer;
  consume: ConsumeContext;
  stopped: Promise<void> | null;
  /** rejects a `subscribe` still waiting for its partitions */
  abort: (error: Error) => void;
  /** stops looking for replays of quarantined messages */
  stopReplays: () => void;
}

/** What the members of the bus's groups share with the bus. */
export interface GroupContext {
  kafka: Kafka;
  admin: () => Promise<Admin>;
  settings: KafkaBusSettings;
  logger: BusLogger | undefined;
  /** the bus's live members: close() stops them */
  members: Set<Member>;
  /** throws once the bus is closing */
  assertOpen: () => void;
  ensureTopics: (topics: string[]) => Promise<void>;
  /** how a member handles a batch: backoff and dead letters (the subscription adds its handlers) */
  consume: Pick<ConsumeContext, 'backoffAfter' | 'deadLetter' | 'quarantine'>;
  /** where replays of quarantined messages are requested, and how often a member looks (none: never) */
  replays: { quarantine: Quarantine; everyMs: number } | undefined;
}

type Assignment = Array<{ topic: string; partitions: number[] }>;
type Settle = { resolve: () => void; reject: (error: unknown) => void };

/** The `subscribe` waiting for its partitions: settled once, by the first of join, crash, stop and failure. */
function waiter() {
  let settle: Settle | null = null;
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Rejected early (stopped, crashed) while still connecting: not an unhandled rejection.
  promise.catch(() => undefined);
  return {
    promise,
    /** the settle functions while still waiting, and waits no more */
    take: (): Settle | null => {
      const waiting = settle;
      settle = null;
      return waiting;
    },
  };
}
type Waiter = ReturnType<typeof waiter>;

/** Joins the subscription's group and resolves once it was assigned partitions (and positioned at them). */
export async function joinGroup(ctx: GroupContext, subscription: SubscribeOptions): Promise<Consumer> {
  const { groupId, topics, handlers, maxAttempts, fromBeginning } = checkSubscription(
    subscription,
    ctx.settings.maxAttempts,
  );

  // the quarantine topic is made when first used: a broker whose ACLs predate it still lets the group join
  await ctx.ensureTopics([...topics, DEAD_LETTER_TOPIC]);
  const ends = fromBeginning ? null : await endOffsets(await ctx.admin(), topics);
  ctx.assertOpen(); // closed meanwhile: start no consumer that close() would not stop
  const consumer = ctx.kafka.consumer({ groupId, ...ctx.settings.timings, allowAutoTopicCreation: false });
  const positioned = waiter();
  const { maxBatchSize } = ctx.settings;
  const member: Member = {
    groupId,
    consumer,
    consume: { groupId, handlers, maxAttempts, maxBatchSize, ...ctx.consume, logger: ctx.logger },
    stopped: null,
    abort: (error) => positioned.take()?.reject(error),
    stopReplays: () => undefined,
  };
  ctx.members.add(member);
  listen(ctx, member, ends, positioned);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: ctx.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => consumeBatch(member.consume, payload),
    });
    await withTimeout(
      positioned.promise,
      ctx.settings.subscribeTimeoutMs,
      `subscribe(${groupId}) was not assigned partitions`,
    );
  } catch (error) {
    positioned.take();
    await stopMember(ctx, member);
    throw error;
  }
  member.stopReplays = startReplays(ctx, member, handlers.one, maxAttempts);
  return { stop: () => stopMember(ctx, member) };
}

/** Looks for the group's requested replays every `everyMs` and delivers those this member claims. */
function startReplays(
  ctx: GroupContext,
  member: Member,
  handle: (message: DeliveredMessage) => Promise<void>,
  maxAttempts: number,
): () => void {
  if (!ctx.replays) return () => undefined;
  const { quarantine, everyMs } = ctx.replays;
  let running = true;
  let busy = false;
  const options = {
    quarantine,
    groupId: member.groupId,
    handle,
    maxAttempts,
    backoffAfter: ctx.consume.backoffAfter,
    deadLetter: ctx.consume.deadLetter,
    running: () => running,
    logger: ctx.logger,
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void replayClaimed(options)
      .catch((error: unknown) =>
        ctx.logger?.warn(
          { groupId: member.groupId, error: describeError(error) },
          'Replaying quarantined messages failed',
        ),
      )
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref?.();
  return () => {
    running = false;
    clearInterval(timer);
  };
}

/**
 * On joining: with `ends` (a group that starts at the end), positions the member at its start positions
 * before the waiting `subscribe` settles; the first join pauses the assigned partitions meanwhile, so no
 * fetch runs ahead of them. Every later join positions again the partitions that still have no committed
 * offset (a first commit lost to a rebalance). On a crash that kafkajs will not restart from: fails it.
 */
function listen(
  ctx: GroupContext,
  member: Member,
  ends: Map<string, Map<number, string>> | null,
  positioned: Waiter,
): void {
  const { consumer, groupId } = member;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const waiting = positioned.take();
    if (!ends) return waiting?.resolve();
    const assigned: Assignment = Object.entries(event.payload.memberAssignment).map(([topic, owned]) => ({
      topic,
      partitions: owned,
    }));
    if (waiting) consumer.pause(assigned);
    void positionAtStart(ctx, member, assigned, ends)
      .catch((error: unknown) =>
        ctx.logger?.warn({ groupId, error: describeError(error) }, 'Could not commit start positions'),
      )
      .finally(() => {
        if (!waiting) return;
        consumer.resume(assigned);
        waiting.resolve();
      });
  });
  consumer.on(consumer.events.CRASH, (event) => {
    const { error, restart } = event.payload;
    ctx.logger?.error({ groupId, restart, error: describeError(error) }, 'Consumer crashed');
    if (!restart) positioned.take()?.reject(error);
  });
}

/**
 * A new group starts at the end of each partition as it was when `subscribe` was called: commit those
 * offsets for the assigned partitions that have none, so neither a late first fetch nor a later owner
 * resolves "latest" again and skips what was published meanwhile. The member also seeks to them: kafkajs
 * resolves the offsets of every assigned partition, paused or not, on its first fetch, and a "latest" it
 * looked up after our commit but stored after a publish would otherwise win locally.
 */
async function positionAtStart(
  ctx: GroupContext,
  member: Member,
  assigned: Assignment,
  ends: Map<string, Map<number, string>>,
): Promise<void> {
  const client = await ctx.admin();
  const committed = await retryingWhileRetriable(() =>
    client.fetchOffsets({
      groupId: member.groupId,
      topics: assigned.map((a) => a.topic),
    }),
  );
  const commits: Array<{ topic: string; partition: number; offset: string }> = [];
  for (const { topic, partitions: assignedPartitions } of assigned) {
    const known = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const partition of assignedPartitions) {
      const offset = known.find((entry) => entry.partition === partition)?.offset ?? '-1';
      if (Number(offset) >= 0) continue;
      commits.push({ topic, partition, offset: ends.get(topic)?.get(partition) ?? '0' });
    }
  }
  if (commits.length === 0) return;
  for (const commit of commits) member.consumer.seek(commit);
  await member.consumer.commitOffsets(commits);
}

/** Leaves the group (once), failing a `subscribe` still waiting for its partitions. */
export function stopMember(ctx: Pick<GroupContext, 'logger' | 'members'>, member: Member): Promise<void> {
  member.abort(new Error(`The consumer of ${member.groupId} was stopped before it was assigned partitions`));
  member.stopReplays();
  member.stopped ??= member.consumer
    .disconnect()
    .catch((error: unknown) =>
      ctx.logger?.warn({ groupId: member.groupId, error: describeError(error) }, 'Consumer stop failed'),
    )
    .finally(() => ctx.members.delete(member));
  return member.stopped;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
