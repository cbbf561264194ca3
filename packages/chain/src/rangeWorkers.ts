import { startThread, threadEntry, type ThreadEntry } from '@appeals/threads';
import { existsSync } from 'node:fs';
import type { ChainLogSource } from './port';
import type { RangePlan, RangeResult } from './verifyRange';
import type { VerifyContext } from './verifyContext';

/**
 * The worker threads of a parallel verification: each opens the log itself (the store's workerSource), takes
 * ranges, checks them (rangeWorker.ts) and answers their results.
 */

/** What a worker is started with (structured-cloneable). */
export interface RangeWorkerData {
  /** the module that opens the log, and its options */
  source: ChainLogSource;
  /** the public keys as PEM, the checkpoints the main thread read (all ranges judge the same ones) */
  publicKeys: string[];
  checkpoints: VerifyContext['checkpoints'];
}

/** worker → main thread */
export type RangeWorkerMessage = { ready: true } | { result: RangeResult } | { failed: string };

/** How a worker is started: its entry (and loader), and the log it opens. */
export interface RangeWorkerSupport extends ThreadEntry {
  source: ChainLogSource;
}

/** How workers can be started for this source, or undefined (none, or a build without the worker's file). */
export function rangeWorkerSupport(source: ChainLogSource | undefined): RangeWorkerSupport | undefined {
  if (source === undefined || !existsSync(source.module)) return undefined;
  const thread = threadEntry(__dirname, __filename, 'rangeWorker');
  return thread && { ...thread, source };
}

/** Where the workers take ranges from and give their results (and the ranges of a failed worker) back. */
export interface RangeQueue {
  take(): RangePlan | undefined;
  done(result: RangeResult): void;
  lost(plans: readonly RangePlan[]): void;
}

/** Ranges a worker holds at once: the next is at hand when one is done. */
const IN_FLIGHT = 2;

/** Starts `count` workers on the queue; close() ends them (a range they still check is given up). */
export function startRangeWorkers(
  count: number,
  support: RangeWorkerSupport,
  ctx: VerifyContext,
  queue: RangeQueue,
): { alive(): number; close(): Promise<void> } {
  const data: RangeWorkerData = {
    source: support.source,
    publicKeys: ctx.options.publicKeys.map((k) => k.export({ type: 'spki', format: 'pem' }).toString()),
    checkpoints: ctx.checkpoints,
  };
  const workers = Array.from({ length: count }, () => {
    const worker = startThread(support, data);
    const held: RangePlan[] = [];
    let alive = true;
    const fill = () => {
      if (!alive) return;
      for (let plan = held.length < IN_FLIGHT ? queue.take() : undefined; plan; ) {
        held.push(plan);
        worker.postMessage({ plan });
        plan = held.length < IN_FLIGHT ? queue.take() : undefined;
      }
    };
    const fail = () => {
      if (!alive) return;
      alive = false;
      void worker.terminate();
      queue.lost(held.splice(0));
    };
    worker.on('message', (m: RangeWorkerMessage) => {
      if ('failed' in m) return fail();
      if ('result' in m) {
        held.splice(
          held.findIndex((p) => p.index === m.result.index),
          1,
        );
        queue.done(m.result);
      }
      fill();
    });
    worker.on('error', fail);
    worker.on('exit', fail);
    return { worker, alive: () => alive, stop: () => ((alive = false), worker.terminate()) };
  });
  return {
    alive: () => workers.filter((w) => w.alive()).length,
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
