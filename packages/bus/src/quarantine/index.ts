export * from './port';
export { createInMemoryQuarantine } from './memory';
export { replayClaimed, type ReplayClaimOptions } from './replay';
