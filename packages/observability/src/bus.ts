import type { Bus, DeliveredMessage, OutgoingMessage, SubscribeOptions } from '@appeals/bus';
import { propagation, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { contextFrom, inSpan, SpanKind, tracer } from './tracing';

/**
 * Decorates any Bus adapter with W3C trace context: a producer span per published message (child of the
 * message's own `traceparent`, e.g. the event's, or of the active span), injected into its headers; a consumer
 * span per delivery, child of the header, active while the handler runs — so the handler's next append joins the trace.
 */
export function tracedBus(bus: Bus): Bus {
  const traced: Bus = {
    async publish(messages: OutgoingMessage[]) {
      const spans: Span[] = [];
      const out = messages.map((m) => {
        const parent = contextFrom(m.headers?.traceparent);
        const span = tracer().startSpan(
          `publish ${m.topic}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: { 'messaging.destination.name': m.topic, 'messaging.message.key': m.key },
          },
          parent,
        );
        spans.push(span);
        const headers: Record<string, string> = { ...(m.headers ?? {}) };
        propagation.inject(trace.setSpan(parent, span), headers);
        return { ...m, headers };
      });
      try {
        await bus.publish(out);
      } catch (err) {
        for (const span of spans)
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        for (const span of spans) span.end();
      }
    },
    subscribe(options: SubscribeOptions) {
      return bus.subscribe({
        ...options,
        handler: (message: DeliveredMessage) =>
          inSpan(
            `consume ${message.topic}`,
            {
              kind: SpanKind.CONSUMER,
              parent: contextFrom(message.headers.traceparent),
              attributes: {
                'messaging.destination.name': message.topic,
                'messaging.consumer.group.name': options.groupId,
                'messaging.kafka.offset': message.offset,
                'messaging.kafka.partition': message.partition,
                ...(message.headers.ce_type ? { 'cloudevents.event_type': message.headers.ce_type } : {}),
              },
            },
            () => options.handler(message),
          ),
      });
    },
    close: () => bus.close(),
  };
  if (bus.idle) traced.idle = () => bus.idle!();
  return traced;
}
