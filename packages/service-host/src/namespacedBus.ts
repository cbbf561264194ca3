import type { Bus } from '@appeals/bus';

/**
 * Puts every topic and consumer group of `bus` under `namespace` (`e2e-1f2a.appeals.events.v1`, group
 * `e2e-1f2a.routing`), so several deployments or test runs share one Kafka without seeing each other's
 * messages. Handlers see the topic without the prefix. An empty namespace returns the bus unchanged.
 * The adapter's own dead-letter topic stays shared (its letters name the original, prefixed topic).
 *
 * @example
 * const bus = namespacedBus(createKafkaBus({ brokers, clientId: 'routing' }), env.KAFKA_NAMESPACE);
 */
export function namespacedBus(bus: Bus, namespace: string): Bus {
  if (namespace === '') return bus;
  const prefix = namespace.endsWith('.') ? namespace : `${namespace}.`;
  const outer = (topic: string) => `${prefix}${topic}`;
  const inner = (topic: string) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
  const wrapped: Bus = {
    publish: (messages) => bus.publish(messages.map((m) => ({ ...m, topic: outer(m.topic) }))),
    subscribe: ({ handler, batchHandler, ...options }) =>
      bus.subscribe({
        ...options,
        groupId: outer(options.groupId),
        topics: options.topics.map(outer),
        ...(handler ? { handler: (message) => handler({ ...message, topic: inner(message.topic) }) } : {}),
        ...(batchHandler
          ? {
              batchHandler: (messages) =>
                batchHandler(messages.map((m) => ({ ...m, topic: inner(m.topic) }))),
            }
          : {}),
      }),
    close: () => bus.close(),
  };
  if (bus.idle) wrapped.idle = () => bus.idle!();
  return wrapped;
}
