import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The tracer every package of the platform uses. */
export const tracer = () => trace.getTracer('appeals');

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint (the standard OTEL_EXPORTER_OTLP_ENDPOINT); no export when absent */
  otlpEndpoint?: string | undefined;
  /** extra exporter, e.g. an InMemorySpanExporter in tests (exported synchronously) */
  exporter?: SpanExporter;
}

let provider: BasicTracerProvider | undefined;

/**
 * Installs the global tracer provider, W3C trace-context propagation and async context.
 * Instrumentation is explicit (HTTP middleware, event metadata, bus headers): auto-instrumentation does not work under jest.
 */
export function initTracing(options: TracingOptions): { shutdown(): Promise<void> } {
  const processors: SpanProcessor[] = [];
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (processors.length === 0) {
    // Nothing would ever read the spans: leave the API's no-op tracer in place. Recording spans and tracking the
    // active context through every promise (async hooks) is the single largest cost of an untraced process.
    provider = undefined;
    trace.disable();
    context.disable();
    propagation.disable();
    return { shutdown: async () => {} };
  }
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: processors,
  });
  trace.disable();
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const installed = provider;
  return { shutdown: () => installed.shutdown() };
}

/** The W3C `traceparent` of the active span, to store in event metadata; undefined when nothing is traced. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** A context whose parent is the given `traceparent` (from a header or event metadata). */
export function contextFrom(traceparent: string | undefined, base: Context = context.active()): Context {
  return traceparent ? propagation.extract(base, { traceparent }) : base;
}

/** Runs `fn` in a new span (child of `parent`, default the active context); records errors; ends the span. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
