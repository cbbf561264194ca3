export { buildProgram, runCli, EXIT_CODES_HELP } from './cli';
export type { Io } from './context';
export { EXIT, UsageError, type Outcome } from './outcome';
export { createProgress, type Progress, type ProgressSpec } from './progress';
