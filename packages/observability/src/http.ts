import { context, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { contextFrom, SpanKind, tracer } from './tracing';

/** Express middleware: continues the caller's trace (`traceparent` header) in a server span per request. */
export const traceRequests = (): RequestHandler => (req, res, next) => {
  const parent = contextFrom(req.get('traceparent'));
  const span = tracer().startSpan(
    `HTTP ${req.method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
    parent,
  );
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    if (route) span.updateName(`HTTP ${req.method} ${req.baseUrl}${route}`);
    span.setAttribute('http.response.status_code', res.statusCode);
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};
