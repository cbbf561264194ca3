export * from './tracing';
export * from './http';
export * from './bus';
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
