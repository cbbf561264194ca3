import type { Bus, DeliveredMessage, OutgoingMessage, SubscribeOptions } from '@appeals/bus';
import { context as activeContext, propagation, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { contextFrom, inSpan, SpanKind, tracer } from './tracing';

function consumeOptions(groupId: string, message: DeliveredMessage, batchSize?: number) {
  return {
    kind: SpanKind.CONSUMER,
    parent: contextFrom(message.headers.traceparent),
    attributes: {
      'messaging.destination.name': message.topic,
      'messaging.consumer.group.name': groupId,
      'messaging.kafka.offset': message.offset,
      'messaging.kafka.partition': message.partition,
      ...(batchSize !== undefined ? { 'messaging.batch.message_count': batchSize } : {}),
      ...(message.headers.ce_type ? { 'cloudevents.event_type': message.headers.ce_type } : {}),
    },
  };
}

/**
 * A consumer span per message of a batch (each the child of its own header), open while the batch handler runs.
 * The handler runs in the span's context when the batch holds one message (its appends continue that trace).
 */
async function tracedBatch(
  groupId: string,
  messages: DeliveredMessage[],
  batchHandler: (messages: DeliveredMessage[]) => Promise<void>,
): Promise<void> {
  const spans = messages.map((message) => {
    const { parent, ...options } = consumeOptions(groupId, message, messages.length);
    return { span: tracer().startSpan(`consume ${message.topic}`, options, parent), parent };
  });
  const only = spans.length === 1 ? spans[0]! : undefined;
  try {
    await (only
      ? activeContext.with(trace.setSpan(only.parent, only.span), () => batchHandler(messages))
      : batchHandler(messages));
  } catch (err) {
    for (const { span } of spans) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    }
    throw err;
  } finally {
    for (const { span } of spans) span.end();
  }
}

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
      const { handler, batchHandler } = options;
      return bus.subscribe({
        ...options,
        ...(handler
          ? {
              handler: (message: DeliveredMessage) =>
                inSpan(`consume ${message.topic}`, consumeOptions(options.groupId, message), () =>
                  handler(message),
                ),
            }
          : {}),
        ...(batchHandler
          ? {
              batchHandler: (messages: DeliveredMessage[]) =>
                tracedBatch(options.groupId, messages, batchHandler),
            }
          : {}),
      });
    },
    close: () => bus.close(),
  };
  if (bus.idle) traced.idle = () => bus.idle!();
  return traced;
}
