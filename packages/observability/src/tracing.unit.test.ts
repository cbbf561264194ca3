import { createInProcessBus } from '@appeals/bus';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { tracedBus } from './bus';
import { contextFrom, currentTraceparent, initTracing, inSpan } from './tracing';

const exporter = new InMemorySpanExporter();
const tracing = initTracing({ serviceName: 'unit', exporter });
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

describe('trace context', () => {
  it('has no traceparent outside a span and a W3C one inside', async () => {
    expect(currentTraceparent()).toBeUndefined();
    await inSpan('work', {}, async (span) => {
      expect(currentTraceparent()).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    });
  });

  it('continues a trace from a stored traceparent', async () => {
    const parent = contextFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await inSpan('child', { parent }, async () => undefined);
    const [child] = exporter.getFinishedSpans();
    expect(child?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(child?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(inSpan('fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(exporter.getFinishedSpans()[0]?.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: 'boom',
    });
  });
});

describe('tracedBus', () => {
  it('carries the trace from the publisher through a producer and a consumer span into the handler', async () => {
    const bus = tracedBus(createInProcessBus({ partitions: 2 }));
    let handlerTrace: string | undefined;
    let handlerParent: string | undefined;
    await bus.subscribe({
      groupId: 'g',
      topics: ['t.traced'],
      handler: async () => {
        handlerTrace = trace.getActiveSpan()?.spanContext().traceId;
        handlerParent = currentTraceparent();
      },
    });
    let publisherTrace = '';
    await inSpan('command', {}, async (span) => {
      publisherTrace = span.spanContext().traceId;
      await bus.publish([{ topic: 't.traced', key: 'k', value: '{}' }]);
    });
    await bus.idle!();
    await bus.close();
    expect(handlerTrace).toBe(publisherTrace);
    const names = exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['command', 'publish t.traced', 'consume t.traced']));
    const consume = exporter.getFinishedSpans().find((s) => s.name === 'consume t.traced')!;
    const publish = exporter.getFinishedSpans().find((s) => s.name === 'publish t.traced')!;
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(handlerParent).toContain(consume.spanContext().spanId);
  });

  it("prefers the trace stored with the message (the event's) over the publisher's", async () => {
    const bus = tracedBus(createInProcessBus({ partitions: 2 }));
    await bus.publish([
      {
        topic: 't.stored',
        key: 'k',
        value: '{}',
        headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' },
      },
    ]);
    await bus.close();
    expect(
      exporter
        .getFinishedSpans()
        .find((s) => s.name === 'publish t.stored')
        ?.spanContext().traceId,
    ).toBe('11111111111111111111111111111111');
  });

  it('gives each message of a batch its own consumer span in its own trace, open while the batch is handled', async () => {
    const bus = tracedBus(createInProcessBus({ partitions: 1 }));
    const parents = [
      '00-11111111111111111111111111111111-2222222222222222-01',
      '00-33333333333333333333333333333333-4444444444444444-01',
    ];
    await bus.publish(
      parents.map((traceparent, i) => ({
        topic: 't.batch',
        key: 'k',
        value: `{"i":${i}}`,
        headers: { traceparent },
      })),
    );
    let sizes: number[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: ['t.batch'],
      batchHandler: async (messages) => {
        sizes = [...sizes, messages.length];
        if (messages.length > 1) throw new Error('split me');
      },
    });
    await bus.idle!();
    await bus.close();
    expect(sizes).toEqual([2, 1, 1]);
    const consumed = exporter.getFinishedSpans().filter((s) => s.name === 'consume t.batch');
    expect(consumed).toHaveLength(4);
    const failed = consumed.filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failed.map((s) => s.spanContext().traceId).sort()).toEqual([
      '11111111111111111111111111111111',
      '33333333333333333333333333333333',
    ]);
    expect(failed.every((s) => s.attributes['messaging.batch.message_count'] === 2)).toBe(true);
  });
});
