import type { KeyObject } from 'node:crypto';
import type { checkpointChecker, LogVerifyProgress } from './logVerification';
import type { ChainLog, ChainStore, SignedCheckpoint } from './port';

// The options and fixed inputs of a whole-log verification, shared by the sequential run (verifyLog.ts) and the
// parallel ranges (verifyRanges.ts, rangeWorkers.ts) without either importing the other.

/** verifyLog's ranges on worker threads (docs/adr/0023-parallel-log-verification.md). */
export interface ParallelOptions {
  /** worker threads beside this one, where the store has a workerSource (default: the cores but one, at most 7) */
  workers?: number;
  /** fewer sealed events left to check than this are checked on one thread (default 50,000) */
  minEvents?: number;
  /**
   * events per range (default: an eighth of a thread's share, between 10,000 and 100,000, in whole pages). Given,
   * the ranges are checked even without a worker (on this thread alone: the merge's own tests).
   */
  rangeSize?: number;
  /** this thread checks ranges too (default true); false leaves them to the workers while any is alive */
  checkHere?: boolean;
}

export interface LogVerifyOptions {
  store: Pick<ChainLog, 'readAll' | 'readStream' | 'readRecords' | 'readChainTexts' | 'workerSource'>;
  chain: ChainStore;
  /** keys checkpoints may be signed with; a checkpoint by any other key is a failure */
  publicKeys: readonly KeyObject[];
  /** events read per page (default 1000) */
  batchSize?: number;
  /** called after each page (each range when checked in parallel) with where the verification stands */
  onProgress?: (progress: LogVerifyProgress) => void;
  /**
   * go on from an earlier run's progress instead of the start. The events before it are not checked again (the
   * report counts them as the earlier run did); a stream met again takes its last hash from the log.
   */
  resumeFrom?: LogVerifyProgress;
  /** ranges of the log checked on worker threads (docs/adr/0023-parallel-log-verification.md) */
  parallel?: ParallelOptions;
}

/** One verification's fixed inputs. */
export interface VerifyContext {
  options: LogVerifyOptions;
  checkpoints: readonly SignedCheckpoint[];
  checkpointsAt: ReturnType<typeof checkpointChecker>;
}
