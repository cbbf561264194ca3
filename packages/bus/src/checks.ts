import {
  subscriptionHandlers,
  type OutgoingMessage,
  type SubscribeOptions,
  type SubscriptionHandlers,
} from './port';

// What every adapter checks the same way: topic names, messages, subscriptions, numbers, and the retry backoff.

/** Kafka's legal topic names (the in-process bus accepts no name Kafka would refuse). */
export const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** Throws a TypeError for a topic name Kafka would refuse. */
export function validateTopic(topic: string): void {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic)) {
    throw new TypeError(`Invalid topic name ${JSON.stringify(topic)} (allowed: ${String(TOPIC_NAME)})`);
  }
}

/** Throws a TypeError for a message with a bad topic or a key, value or header that is not a string. */
export function validateMessage(message: OutgoingMessage): void {
  validateTopic(message.topic);
  if (typeof message.key !== 'string') throw new TypeError('A message key must be a string');
  if (typeof message.value !== 'string') throw new TypeError('A message value must be a string');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`Header ${name} must be a string`);
  }
}

/** Throws a RangeError unless `value` is a positive safe integer. */
export function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Throws a RangeError unless every backoff is a non-negative number; returns the wait after the n-th failure. */
export function backoffSchedule(name: string, backoff: number[]): (failures: number) => number {
  if (backoff.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new RangeError(`${name} must hold non-negative numbers`);
  }
  // the n-th failure waits the n-th backoff; the last one repeats
  return (failures) => (backoff.length === 0 ? 0 : backoff[Math.min(failures, backoff.length) - 1]!);
}

/** A subscription, checked: its group, its distinct topics, its handlers and its attempts before dead-lettering. */
export interface CheckedSubscription {
  groupId: string;
  topics: string[];
  handlers: SubscriptionHandlers;
  maxAttempts: number;
  fromBeginning: boolean;
}

/** Checks a subscription (group id, topics, exactly one handler, attempts) as every adapter does. */
export function checkSubscription(
  subscription: SubscribeOptions,
  defaultMaxAttempts: number,
): CheckedSubscription {
  const { groupId } = subscription;
  const maxAttempts = subscription.maxAttempts ?? defaultMaxAttempts;
  if (typeof groupId !== 'string' || groupId.length === 0) throw new TypeError('groupId is required');
  if (!Array.isArray(subscription.topics) || subscription.topics.length === 0) {
    throw new TypeError('topics must name at least one topic');
  }
  const handlers = subscriptionHandlers(subscription);
  positiveInteger('maxAttempts', maxAttempts);
  const topics = [...new Set(subscription.topics)];
  topics.forEach(validateTopic);
  return { groupId, topics, handlers, maxAttempts, fromBeginning: subscription.fromBeginning !== false };
}
