// What other test suites reuse of the scale tooling: the history writer of `pnpm seed:scale` and the view build of
// `pnpm scale:prepare` (test/browser seeds the analytics page's system with them).
export {
  historyWriter,
  writeHistory,
  type HistoryOptions,
  type WriterOptions,
  type HistoryTarget,
  type SurgeSpec,
} from './seedScale';
export { buildViewsOf } from './prepareScale';
export { generateAppeal, type HistoryContext } from './history';
export { seededRandom } from './seedScale';
