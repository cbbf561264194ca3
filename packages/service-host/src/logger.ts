import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/** A pino logger naming the process; every line carries the active trace and span ids, so logs and traces join up. */
export function createLogger(name: string, level: string): Logger {
  return pino({
    level,
    base: { service: name, pid: process.pid },
    mixin: () => {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  });
}
export type { Logger };
