import { setImmediate as nextTurn } from 'node:timers/promises';
import { LogVerification, type CheckpointsAt, type FirstMet } from './logVerification';
import type { ChainLog, ChainRecord, ChainStore, SignedCheckpoint } from './port';
import { checkLinkReader } from './globalChain';
import type { CheckedEvent, CheckPages } from './records';

/** A range defers every stream's link to its predecessor to the merge: it never reads a stream. */
const NO_STREAMS: Pick<ChainLog, 'readStream'> = {
  readStream: () => Promise.reject(new Error('a range reads no stream')),
};

/**
 * One range of a parallel verification: the links after `afterSeq` up to `toSeq` and the events at their places,
 * started from the state a sequential run would have there if the log is sound: the cursor of the event sealed at
 * `afterSeq` (its link's checkpoint) and that link's stored chain hash. The merge checks both (verifyRanges.ts).
 */
export interface RangePlan {
  index: number;
  afterSeq: number;
  toSeq: number;
  after: string | undefined;
  prevChainHash: string | null;
}

/** What a range found: where it ended, and each stream it met (its first event and its last tip) for the merge. */
export interface RangeResult {
  index: number;
  /** the range found a bad event, or could not check all its links: the merge checks it again sequentially */
  problem: boolean;
  events: number;
  after: string | undefined;
  prevChainHash: string | null;
  signedHead: SignedCheckpoint | undefined;
  lastEvent: Pick<ChainRecord, 'globalPosition' | 'id'> | undefined;
  /** each stream's first event in the range, in the order met */
  firstMet: FirstMet[];
  /** each stream's last position and hash in the range, in the order of firstMet */
  lastPosition: number[];
  lastHash: (string | null)[];
}

/** Rows read at a time (as runToEnd reads). */
const CHUNK = 500;

/** How the main thread runs a range: yielding to the event loop between chunks, and stopping when told. */
export interface RangeTurns {
  /** let the event loop run between chunks (the main thread, which also merges and feeds the workers) */
  yieldEachChunk?: boolean;
  /** stop before the next chunk (the answer is then thrown away) */
  stopped?: () => boolean;
}

/**
 * Checks one range: every link and the event at its place as the sequential run does, except that a stream's
 * first event in the range is not linked to its predecessor here (that lies in another range) but recorded.
 */
export async function verifyRange(
  source: { read: CheckPages; chain: ChainStore },
  checkpointsAt: CheckpointsAt,
  plan: RangePlan,
  turns: RangeTurns = {},
): Promise<RangeResult> {
  const run = new LogVerification(NO_STREAMS, checkpointsAt, {
    progress: { after: plan.after, events: 0, sealed: plan.afterSeq, prevChainHash: plan.prevChainHash },
    unknown: 'defer',
  });
  const { read } = source;
  const readLinks = checkLinkReader(source.chain);
  const p = run.progress;
  let problem = false;
  while (!problem && p.sealed < plan.toSeq && turns.stopped?.() !== true) {
    const want = Math.min(CHUNK, plan.toSeq - p.sealed);
    const [page, links] = await Promise.all([read(p.after, want), readLinks(p.sealed, want)]);
    const { rows } = page;
    problem = rows.length < want || links.length < want || (await run.check(page, links)) !== undefined;
    if (rows.length > 0) p.after = (rows[rows.length - 1] as CheckedEvent).checkpoint;
    if (turns.yieldEachChunk === true) await nextTurn();
  }
  const tips = [...run.streams.values()];
  return {
    index: plan.index,
    problem: problem || p.sealed !== plan.toSeq,
    events: p.events,
    after: p.after,
    prevChainHash: p.prevChainHash,
    signedHead: p.signedHead,
    lastEvent: run.lastEvent && { globalPosition: run.lastEvent.globalPosition, id: run.lastEvent.id },
    firstMet: run.firstMet,
    lastPosition: tips.map((t) => t.streamPosition),
    lastHash: tips.map((t) => t.hash),
  };
}
