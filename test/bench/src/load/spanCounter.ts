import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

interface OtlpSpan {
  traceId?: string;
  name?: string;
}
interface OtlpTraces {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
}

/** The consumer spans (`consume <topic>`, one per message a consumer handled) in an OTLP/JSON traces body. */
export function consumeSpans(body: OtlpTraces): OtlpSpan[] {
  return (body.resourceSpans ?? [])
    .flatMap((r) => r.scopeSpans ?? [])
    .flatMap((s) => s.spans ?? [])
    .filter((span) => span.name?.startsWith('consume '));
}

/**
 * A loopback OTLP/HTTP (JSON) receiver that counts the messages the system's consumers handle, from the spans the
 * platform's traced bus sends (`OTEL_EXPORTER_OTLP_ENDPOINT`): those of traces the bench started itself apart
 * from every other (the old events a consumer handles again).
 */
export async function startSpanCounter() {
  const ours = new Set<string>();
  const counts = { ours: 0, others: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      counts.requests++;
      try {
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        for (const span of consumeSpans(JSON.parse(text) as OtlpTraces)) {
          if (span.traceId && ours.has(span.traceId.toLowerCase())) counts.ours++;
          else counts.others++;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** a W3C traceparent of a new trace the bench starts (its consumer spans count as `ours`) */
    newTraceparent() {
      const hex = (n: number) =>
        Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
      const traceId = hex(32);
      ours.add(traceId);
      return `00-${traceId}-${hex(16)}-01`;
    },
    counts: () => ({ ...counts }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type SpanCounter = Awaited<ReturnType<typeof startSpanCounter>>;
