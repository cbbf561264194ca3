#!/usr/bin/env node
// A minimal OTLP/HTTP (JSON) trace receiver that turns one appeal's spans (cluster or embedded) into a per-hop table.
//
//   node infra/local/trace-hops.mjs [PORT=4318]     then start the cluster with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:PORT
//   curl http://127.0.0.1:PORT/report               per-hop table (markdown) over the traces received so far
//   curl -XPOST http://127.0.0.1:PORT/reset         forget them (e.g. after a warm-up)
//
// Each trace is one appeal: the gateway's HTTP span, intake's command span, the relay's publish spans, the
// consumers' consume spans and routing's command span. Every span is placed by its start and end relative to
// the trace's first span; the report gives the median and p95 of each, and the gaps between consecutive steps
// are the hops. Loopback only; nothing is stored on disk.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4318);
/** traceId → spans */
const traces = new Map();

const attr = (attributes, key) => {
  const found = (attributes ?? []).find((a) => a.key === key)?.value;
  return found ? (found.stringValue ?? found.intValue ?? found.boolValue ?? found.doubleValue) : undefined;
};

function ingest(body) {
  for (const rs of body.resourceSpans ?? []) {
    const service = attr(rs.resource?.attributes, 'service.name') ?? '?';
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const type = attr(s.attributes, 'cloudevents.event_type') ?? attr(s.attributes, 'appeal.events');
        const span = {
          service,
          name: s.name,
          type: type ? String(type).replace(/^kz\.appeals\.|\.v1$/g, '') : undefined,
          key: attr(s.attributes, 'messaging.message.key'),
          group: attr(s.attributes, 'messaging.consumer.group.name'),
          start: Number(BigInt(s.startTimeUnixNano) / 1000n) / 1000,
          end: Number(BigInt(s.endTimeUnixNano) / 1000n) / 1000,
          id: s.spanId,
          parent: s.parentSpanId || undefined,
        };
        const list = traces.get(s.traceId) ?? [];
        list.push(span);
        traces.set(s.traceId, list);
      }
    }
  }
}

/** A step's label: who, what, and which event (publish spans take their parent command's events). */
function label(span, byId) {
  if (span.name.startsWith('publish ')) {
    const parent = byId.get(span.parent);
    return `${span.service}: ${span.name}${parent?.type ? ` [${parent.type}]` : ''}`;
  }
  // in one process (embedded) every span has the same service: a consumer's group says who consumed
  const who = span.group && span.group !== span.service ? `${span.service}/${span.group}` : span.service;
  return `${who}: ${span.name}${span.type ? ` [${span.type}]` : ''}`;
}

const quantile = (values, q) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

function report() {
  const steps = new Map();
  let complete = 0;
  for (const spans of traces.values()) {
    // the POST that began the trace: the gateway's in the cluster, the one process's in embedded mode
    const ids = new Set(spans.map((s) => s.id));
    const root = spans.find((s) => s.name.startsWith('HTTP POST') && !ids.has(s.parent));
    if (!root) continue;
    complete += 1;
    const byId = new Map(spans.map((s) => [s.id, s]));
    const seen = new Map();
    for (const span of spans) {
      if (span.name.startsWith('HTTP GET')) continue;
      const name = label(span, byId);
      // a publish span per message: keep the first of a label (its batch mates end at the same time)
      if (seen.has(name)) continue;
      seen.set(name, true);
      const entry = steps.get(name) ?? { starts: [], ends: [] };
      entry.starts.push(span.start - root.start);
      entry.ends.push(span.end - root.start);
      steps.set(name, entry);
    }
  }
  const rows = [...steps.entries()]
    .filter(([, e]) => e.starts.length >= Math.max(1, complete * 0.5))
    .sort((a, b) => quantile(a[1].starts, 0.5) - quantile(b[1].starts, 0.5));
  const f = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const lines = [
    `traces that begin with a POST: ${complete}`,
    '',
    '| step (service: span [event]) | n | start p50 | start p95 | end p50 | end p95 | duration p50 |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, e] of rows) {
    const durations = e.starts.map((s, i) => e.ends[i] - s);
    lines.push(
      `| ${name} | ${e.starts.length} | ${f(quantile(e.starts, 0.5))} | ${f(quantile(e.starts, 0.95))} | ${f(quantile(e.ends, 0.5))} | ${f(quantile(e.ends, 0.95))} | ${f(quantile(durations, 0.5))} |`,
    );
  }
  return `${lines.join('\n')}\n(milliseconds from the start of the POST span that began the trace)\n`;
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/v1/traces') {
      try {
        ingest(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        res.writeHead(400).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else if (req.url === '/report') {
      res.writeHead(200, { 'content-type': 'text/markdown' }).end(report());
    } else if (req.method === 'POST' && req.url === '/reset') {
      traces.clear();
      res.writeHead(204).end();
    } else res.writeHead(404).end();
  });
}).listen(port, '127.0.0.1', () => console.log(`trace-hops: OTLP/HTTP on http://127.0.0.1:${port}`));
