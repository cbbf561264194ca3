import { initTracing, InMemorySpanExporter, type ReadableSpan } from '@appeals/observability';
import type { AddressInfo } from 'node:net';
import { createEmbeddedSystem } from './embedded';

// One trace from the HTTP request through the append, the relay, the bus and the routing consumer to the next append.

const exporter = new InMemorySpanExporter();
const tracing = initTracing({ serviceName: 'appeals-test', exporter });
afterAll(() => tracing.shutdown());

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

it('follows one appeal from POST /appeals to AppealRouted in a single trace', async () => {
  const system = createEmbeddedSystem({
    dataDir: ':memory:',
    logger: { error: () => undefined, warn: () => undefined },
  });
  await system.start();
  const server = system.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({
        kind: 'application',
        categoryId: 'healthcare',
        regionKato: '710000000',
        language: 'ru',
        subject: 'Очередь в поликлинике',
        text: 'Запись к терапевту в поликлинике №4 только через три недели.',
        applicant: { type: 'individual', fullName: 'Гульнара Ибраева' },
      }),
    });
    expect(res.status).toBe(201);
    await system.settled();
  } finally {
    await new Promise((r) => server.close(r));
    await system.stop();
  }

  const spans = exporter
    .getFinishedSpans()
    .filter((s) => s.spanContext().traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const chain = (span: ReadableSpan): string[] => {
    const names = [span.name];
    for (let p = parentOf(span); p && byId.has(p); p = parentOf(byId.get(p)!)) names.push(byId.get(p)!.name);
    return names.reverse();
  };

  const routed = spans.find(
    (s) => s.name === 'routing RouteAppeal' && s.attributes['appeal.events'] === 'AppealRouted',
  );
  expect(routed).toBeDefined();
  expect(chain(routed!)).toEqual([
    'HTTP POST /api/v1/appeals',
    'intake SubmitAppeal',
    // embedded consumers read the event log itself (no relay hop): the event's traceparent is the append's span
    'consume appeals.events.v1',
    'routing RouteAppeal',
  ]);
  // the caller's own trace was continued, not replaced
  const http = spans.find((s) => s.name === 'HTTP POST /api/v1/appeals')!;
  expect(parentOf(http)).toBe('00f067aa0ba902b7');
  // the projections, the deadline watch and the notifications consumed the same events in the same trace (the
  // agency feed runs in cluster mode only, where agencies read their topics from Kafka)
  const groups = new Set(
    spans
      .filter((s) => s.name === 'consume appeals.events.v1')
      .map((s) => s.attributes['messaging.consumer.group.name']),
  );
  expect(groups).toEqual(new Set(['routing', 'projections', 'audit', 'notifications']));
});
