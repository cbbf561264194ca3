import { parentPort, workerData } from 'node:worker_threads';
import { checkpointChecker } from './logVerification';
import { readPublicKey } from './keys';
import type { OpenedChainLog } from './port';
import type { RangeWorkerData, RangeWorkerMessage } from './rangeWorkers';
import { checkPageReader } from './records';
import { verifyRange, type RangePlan } from './verifyRange';

/** A worker of a parallel verification (rangeWorkers.ts): opens the log, checks the ranges it is sent, in order. */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as RangeWorkerData;
  const post = (m: RangeWorkerMessage) => port.postMessage(m);
  let opened: OpenedChainLog;
  try {
    // a module named at run time (the store's), loaded with require: a TypeScript source goes through tsx's hook
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(data.source.module) as { openChainLog(options: unknown): Promise<OpenedChainLog> };
    opened = await module.openChainLog(data.source.options);
  } catch (error) {
    post({ failed: error instanceof Error ? error.message : String(error) });
    return;
  }
  const checkpointsAt = checkpointChecker(data.checkpoints, data.publicKeys.map(readPublicKey));
  // a range reads only records and texts: readAll is never called (checkPageReader uses readRecords where it is)
  const read = checkPageReader({
    ...opened,
    readAll: () => Promise.reject(new Error('a range reads records')),
  });
  let turn = Promise.resolve();
  port.on('message', ({ plan }: { plan: RangePlan }) => {
    turn = turn.then(async () => {
      try {
        post({ result: await verifyRange({ read, chain: opened.chain }, checkpointsAt, plan) });
      } catch (error) {
        post({ failed: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  post({ ready: true });
}

if (parentPort) void main(parentPort);
