import { badLink, checkpointChecker, LogVerification, type RunStart } from './logVerification';
import type { SignedCheckpoint } from './port';
import { checkLinkReader } from './globalChain';
import { checkPageReader, type CheckedEvent } from './records';
import type { BadEvent, VerifyResult } from './streamChain';
import { verifyInRanges } from './verifyRanges';
import type { LogVerifyOptions, VerifyContext } from './verifyContext';

export type { LogVerifyOptions, ParallelOptions, VerifyContext } from './verifyContext';

export type { LogVerifyProgress } from './logVerification';

/** The whole log's verification. */
export interface LogVerifyReport extends VerifyResult {
  /** events covered by the global chain */
  sealed: number;
  /** events after the chain's head: their stream chains are checked, their global order is not yet */
  unsealed: number;
  /** checkpoints whose signature and hash were checked */
  checkpoints: number;
  /** the last signed checkpoint: compare it with a copy kept outside the database */
  signedHead?: Omit<SignedCheckpoint, 'signature'>;
}

/** Rows read at a time: a page (batchSize) is read in chunks of at most this many (see runToEnd). */
export const READ_CHUNK = 500;

const withoutSignature = ({ signature: _signature, ...rest }: SignedCheckpoint) => rest;

function report(run: LogVerification, checkpoints: number, firstBad?: BadEvent): LogVerifyReport {
  const { events, sealed, signedHead } = run.progress;
  return {
    ok: firstBad === undefined,
    events,
    sealed,
    unsealed: events - sealed,
    checkpoints,
    ...(signedHead ? { signedHead: withoutSignature(signedHead) } : {}),
    ...(firstBad ? { firstBad } : {}),
  };
}

/**
 * The sequential check from `start` to the end: reads the log in pages with the links sealed at the same places,
 * reports after each page, then checks that nothing sealed is missing at the end and no checkpoint lies beyond.
 */
export async function runToEnd(ctx: VerifyContext, start: RunStart): Promise<LogVerifyReport> {
  const { store, chain } = ctx.options;
  const batchSize = ctx.options.batchSize ?? 1000;
  const run = new LogVerification(store, ctx.checkpointsAt, start);
  const read = checkPageReader(store);
  const readLinks = checkLinkReader(chain);
  // A page is read in chunks: a chunk's rows die young, while a page of 5,000 rows outlives the young generation
  // and its garbage costs more than the rows' hashes (measured: about 20 % of the time).
  let unreported = 0;
  for (;;) {
    const want = Math.min(READ_CHUNK, batchSize - unreported);
    const [page, links] = await Promise.all([
      read(run.progress.after, want),
      readLinks(run.progress.sealed, want),
    ]);
    const firstBad = await run.check(page, links);
    if (firstBad !== undefined) return report(run, ctx.checkpoints.length, firstBad);
    const { rows } = page;
    if (rows.length > 0) run.progress.after = (rows[rows.length - 1] as CheckedEvent).checkpoint;
    unreported += rows.length;
    const done = rows.length < want;
    if (done || unreported === batchSize) {
      ctx.options.onProgress?.({ ...run.progress });
      unreported = 0;
    }
    if (done) break;
  }

  const [leftover] = await chain.links({ afterSeq: run.progress.sealed, limit: 1 });
  if (leftover !== undefined)
    return report(
      run,
      ctx.checkpoints.length,
      badLink(leftover, 'a sealed event is missing from the log (deleted)'),
    );
  const beyond = ctx.checkpoints.find((c) => c.seq > run.progress.sealed);
  if (beyond !== undefined) {
    return report(run, ctx.checkpoints.length, {
      position: run.lastEvent?.globalPosition ?? 0,
      eventId: run.lastEvent?.id ?? '',
      reason: `checkpoint at chain link ${beyond.seq} is beyond the chain's head ${run.progress.sealed} (links or events deleted)`,
    });
  }
  return report(run, ctx.checkpoints.length);
}

/**
 * Verifies the whole log in readAll order: every event's stream chain (positions without gaps, prevStreamHash,
 * hash), the global chain (each link names the event found at its place, with its hash and position, and hashes
 * the link before it), every checkpoint's signature and its agreement with the chain, and that nothing sealed
 * is missing at the end. Names the first bad event by global position. Reads the log in pages (the stored text
 * where the store offers it: readRecords) with the links sealed at the same places; reports where it stands after
 * each page and can go on from there (resumeFrom). A large log of a store that worker threads can open themselves
 * (a SQLite file) is checked in ranges on several cores, with the same report (verifyRanges.ts).
 */
export async function verifyLog(options: LogVerifyOptions): Promise<LogVerifyReport> {
  const checkpoints = await options.chain.checkpoints();
  const ctx: VerifyContext = {
    options,
    checkpoints,
    checkpointsAt: checkpointChecker(checkpoints, options.publicKeys),
  };
  const start: RunStart = {
    progress: options.resumeFrom ? { ...options.resumeFrom } : { events: 0, sealed: 0, prevChainHash: null },
    unknown: options.resumeFrom ? 'read' : 'new',
  };
  return runToEnd(ctx, await verifyInRanges(ctx, start));
}
