export * from './port';
export { createInMemoryQuarantine } from './memory';
