import { DEAD_LETTER_TOPIC, type DeliveredMessage, type OutgoingMessage } from './port';

/** A readable one-line description of a handler failure (never a stack). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The dead-letter message for a delivery whose handler kept failing: the original key, value and headers plus
 * `x-error`, `x-original-topic`, `x-original-partition`, `x-original-offset` and `x-attempts`.
 * Undefined for a message already on the dead-letter topic (dead-lettering it again would loop forever).
 */
export function toDeadLetter(message: DeliveredMessage, error: unknown): OutgoingMessage | undefined {
  if (message.topic === DEAD_LETTER_TOPIC) return undefined;
  return {
    topic: DEAD_LETTER_TOPIC,
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'x-error': describeError(error),
      'x-original-topic': message.topic,
      'x-original-partition': String(message.partition),
      'x-original-offset': String(message.offset),
      'x-attempts': String(message.attempt),
    },
  };
}
