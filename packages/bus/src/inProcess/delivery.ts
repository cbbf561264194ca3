import { describeError, toDeadLetter } from '../deadLetter';
import type { DeliveredMessage } from '../port';
import { isUndecodable, toQuarantined } from '../quarantine/port';
import { append, logEnd, settle, type BusState, type Lane, type Member } from './state';

// Delivery along a lane: the next message (or batch) from its committed offset to its owner, commit after the
// handler, retries with backoff, the dead-letter topic once a message used up its attempts, and the quarantine
// for a message that can never be decoded (after one attempt).

type Outcome = { ok: true } | { ok: false; error: unknown };

/** Schedules the lane's next delivery, outside the caller's stack, if it has one to make. */
export function kick(state: BusState, lane: Lane): void {
  if (state.closing || lane.running || lane.retryTimer || !lane.owner) return;
  if (lane.committed >= logEnd(lane)) return;
  lane.running = true;
  setImmediate(() => void deliver(state, lane));
}

function delivered(lane: Lane, offset: number, attempt: number): DeliveredMessage {
  const record = lane.topic.logs[lane.partition]![offset]!;
  return {
    topic: lane.topic.name,
    partition: lane.partition,
    offset,
    key: record.key,
    value: record.value,
    headers: { ...record.headers },
    attempt,
  };
}

async function deliver(state: BusState, lane: Lane): Promise<void> {
  const member = lane.owner;
  const offset = lane.committed;
  if (state.closing || !member || offset >= logEnd(lane)) {
    lane.running = false;
    settle(state);
    return;
  }
  const count = Math.min(state.maxBatchSize, logEnd(lane) - offset);
  if (member.handlers.batch && count > 1 && offset >= lane.singlesUntil && lane.failures === 0) {
    await deliverBatch(state, lane, member, count);
  } else {
    await deliverOne(state, lane, member);
  }
  lane.running = false;
  kick(state, lane);
  settle(state);
}

/** Hands `count` messages from the committed offset to the batch handler; a failure splits them into singles. */
async function deliverBatch(state: BusState, lane: Lane, member: Member, count: number): Promise<void> {
  const offset = lane.committed;
  const messages = Array.from({ length: count }, (_, i) => delivered(lane, offset + i, 1));
  const outcome = await runHandler(member, () => member.handlers.batch!(messages));
  if (outcome.ok) {
    commit(lane, count);
    return;
  }
  lane.singlesUntil = offset + count;
  lane.failures = 1;
  const details = {
    groupId: lane.group.id,
    topic: lane.topic.name,
    partition: lane.partition,
    offset,
    count,
  };
  state.logger?.warn(
    { ...details, error: describeError(outcome.error) },
    'Batch handler failed; its messages will be redelivered one at a time',
  );
  if (!state.closing) scheduleRetry(state, lane);
}

async function deliverOne(state: BusState, lane: Lane, member: Member): Promise<void> {
  const offset = lane.committed;
  const message = delivered(lane, offset, lane.failures + 1);
  const outcome = await runHandler(member, () => member.handlers.one(message));
  if (outcome.ok) {
    commit(lane, 1);
    return;
  }
  if (isUndecodable(outcome.error) && (await quarantine(state, lane, message, outcome.error))) return;
  lane.failures += 1;
  const details = {
    groupId: lane.group.id,
    topic: message.topic,
    partition: message.partition,
    offset,
    attempt: message.attempt,
    error: describeError(outcome.error),
  };
  if (lane.failures >= member.maxAttempts) {
    const sent = deadLetter(state, message, outcome.error);
    state.logger?.error(
      details,
      sent
        ? 'Handler kept failing; message sent to the dead-letter topic'
        : 'Handler kept failing on a dead letter; message skipped',
    );
    commit(lane, 1);
  } else if (!state.closing) {
    state.logger?.warn(details, 'Handler failed; message will be redelivered');
    scheduleRetry(state, lane);
  }
}

/**
 * Sets a message that can never be decoded aside after this one attempt and moves the lane past it; false when the
 * quarantine refused it (the message then takes the path of a failed handler: retries, then the dead-letter topic).
 */
async function quarantine(
  state: BusState,
  lane: Lane,
  message: DeliveredMessage,
  error: unknown,
): Promise<boolean> {
  const where = {
    groupId: lane.group.id,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
  };
  try {
    const entry = await state.quarantine.add(toQuarantined(lane.group.id, message, error));
    state.logger?.error(
      { ...where, quarantineId: entry.id, error: entry.error },
      'Undecodable message quarantined',
    );
    commit(lane, 1);
    return true;
  } catch (failure) {
    state.logger?.warn({ ...where, error: describeError(failure) }, 'Quarantining a message failed');
    return false;
  }
}

function scheduleRetry(state: BusState, lane: Lane): void {
  lane.retryTimer = setTimeout(() => {
    lane.retryTimer = null;
    kick(state, lane);
    settle(state);
  }, state.backoffAfter(lane.failures));
}

function runHandler(member: Member, handle: () => Promise<void>): Promise<Outcome> {
  const run = (async (): Promise<Outcome> => {
    try {
      await handle();
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    }
  })();
  member.inFlight.add(run);
  void run.then(() => member.inFlight.delete(run));
  return run;
}

/** Moves the committed offset past `count` handled messages. */
function commit(lane: Lane, count: number): void {
  lane.committed += count;
  // the next message of a failed batch failed with it once already
  lane.failures = lane.committed < lane.singlesUntil ? 1 : 0;
}

/** Publishes the message to the dead-letter topic; returns false for a dead letter itself. */
function deadLetter(state: BusState, message: DeliveredMessage, error: unknown): boolean {
  const letter = toDeadLetter(message, error);
  if (!letter) return false; // a dead letter itself: the error log is all that is left
  for (const lane of append(state, letter)) kick(state, lane);
  return true;
}
