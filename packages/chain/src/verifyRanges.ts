import { availableParallelism } from 'node:os';
import { streamTipBefore, type RunStart, type StreamTip } from './logVerification';
import { streamOrderProblem } from './streamChain';
import { rangeWorkerSupport, startRangeWorkers } from './rangeWorkers';
import { checkPageReader } from './records';
import { verifyRange, type RangePlan, type RangeResult } from './verifyRange';
import type { VerifyContext } from './verifyContext';

const DEFAULT_MIN_EVENTS = 50_000;
const defaultWorkers = () => Math.max(0, Math.min(7, availableParallelism() - 1));

/** The ranges from where `start` stands to the chain's head (none when the log is too small to share). */
export async function planRanges(ctx: VerifyContext, start: RunStart, threads: number): Promise<RangePlan[]> {
  const { chain, parallel = {}, batchSize = 1000 } = ctx.options;
  const from = start.progress.sealed;
  const head = (await chain.head())?.seq ?? 0;
  const total = head - from;
  if (total < (parallel.minEvents ?? DEFAULT_MIN_EVENTS) || total <= 0) return [];
  const share = Math.min(100_000, Math.max(10_000, Math.ceil(total / (threads * 8))));
  const size = parallel.rangeSize ?? Math.ceil(share / batchSize) * batchSize;
  const plans: RangePlan[] = [];
  let after = start.progress.after;
  let prevChainHash = start.progress.prevChainHash;
  for (let afterSeq = from; afterSeq < head; afterSeq += size) {
    const toSeq = Math.min(head, afterSeq + size);
    plans.push({ index: plans.length, afterSeq, toSeq, after, prevChainHash });
    if (toSeq === head) break;
    const [boundary] = await chain.links({ afterSeq: toSeq - 1, limit: 1 });
    if (boundary === undefined || boundary.seq !== toSeq) break; // the rest is left to the sequential run
    after = boundary.checkpoint;
    prevChainHash = boundary.chainHash;
  }
  return plans;
}

/**
 * Takes a range's result into the state of the ranges before it, if it fits: it started where they ended (cursor,
 * chain hash, link), found nothing, and each stream it met first continues the stream as they left it. Answers
 * whether it did (the state is then the sequential run's state after the range; otherwise left as it was).
 */
export async function mergeRange(
  state: Required<Pick<RunStart, 'progress' | 'streams'>> & RunStart,
  plan: RangePlan,
  result: RangeResult,
  tipBefore: (first: RangeResult['firstMet'][number]) => Promise<StreamTip | undefined>,
): Promise<boolean> {
  const p = state.progress;
  if (result.problem || p.sealed !== plan.afterSeq || p.after !== plan.after) return false;
  if (p.prevChainHash !== plan.prevChainHash) return false;
  for (const first of result.firstMet) {
    const known = state.streams.get(first.streamId);
    const tip = known !== undefined || state.unknown === 'new' ? known : await tipBefore(first);
    if (streamOrderProblem(first, tip) !== undefined) return false;
  }
  result.firstMet.forEach((first, i) =>
    state.streams.set(first.streamId, {
      streamPosition: result.lastPosition[i] as number,
      hash: result.lastHash[i] as string | null,
    }),
  );
  p.events += result.events;
  p.sealed = plan.toSeq;
  p.after = result.after;
  p.prevChainHash = result.prevChainHash;
  p.signedHead = result.signedHead ?? p.signedHead;
  state.lastEvent = result.lastEvent ?? state.lastEvent;
  return true;
}

/**
 * Checks the log's sealed part in ranges, on this thread and on workers, and merges them in order. Answers where
 * the sequential run (runToEnd) goes on: after the last range, or at the start of the first range that does not
 * merge, with the state of the ranges before it, so the report, its first bad event included, is the one a
 * sequential run gives. Answers `start` itself when the log is checked on one thread.
 */
export async function verifyInRanges(ctx: VerifyContext, start: RunStart): Promise<RunStart> {
  const { store, parallel = {} } = ctx.options;
  const workers = parallel.workers ?? defaultWorkers();
  const support = workers > 0 ? rangeWorkerSupport(store.workerSource) : undefined;
  if (support === undefined && parallel.rangeSize === undefined) return start;
  const plans = await planRanges(ctx, start, (support ? workers : 0) + 1);
  if (plans.length < 2) return start;

  const state = { ...start, progress: { ...start.progress }, streams: new Map(start.streams ?? []) };
  const merger = new RangeMerger(ctx, state, plans);
  const pool =
    support &&
    startRangeWorkers(workers, support, ctx, {
      take: () => merger.take(),
      done: (result) => merger.done(result),
      lost: (lost) => merger.giveBack(lost),
    });
  const here = parallel.checkHere ?? true;
  try {
    await merger.runHere(() => here || (pool?.alive() ?? 0) === 0);
  } finally {
    await pool?.close();
  }
  return state;
}

/** The ranges' queue (this thread and the workers take from it) and their merge, in order, as results arrive. */
class RangeMerger {
  private readonly pending: RangePlan[];
  private readonly results = new Map<number, RangeResult>();
  private merged = 0;
  private merging: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly ctx: VerifyContext,
    private readonly state: Parameters<typeof mergeRange>[0],
    private readonly plans: readonly RangePlan[],
  ) {
    this.pending = [...plans];
  }

  private get finished(): boolean {
    return this.stopped || this.merged === this.plans.length;
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next range to check (the lowest first), or undefined. */
  take(): RangePlan | undefined {
    return this.finished ? undefined : this.pending.shift();
  }

  /** Ranges a worker took and will not answer (it failed): checked by another. */
  giveBack(lost: readonly RangePlan[]): void {
    this.pending.push(...lost);
    this.pending.sort((a, b) => a.index - b.index);
    this.poke();
  }

  done(result: RangeResult): void {
    this.results.set(result.index, result);
    this.merging = this.merging.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    for (
      let result = this.results.get(this.merged);
      result && !this.stopped;
      result = this.results.get(this.merged)
    ) {
      this.results.delete(this.merged);
      const fits = await mergeRange(this.state, this.plans[this.merged] as RangePlan, result, (first) =>
        streamTipBefore(this.ctx.options.store, first),
      );
      if (!fits) this.stopped = true;
      else {
        this.merged += 1;
        this.ctx.options.onProgress?.({ ...this.state.progress });
      }
    }
    this.poke();
  }

  /** Checks ranges on this thread (while `here()`) until every range is merged or one does not fit. */
  async runHere(here: () => boolean): Promise<void> {
    const { store, chain } = this.ctx.options;
    while (!this.finished) {
      const plan = here() ? this.take() : undefined;
      if (plan === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.done(
        await verifyRange({ read: checkPageReader(store), chain }, this.ctx.checkpointsAt, plan, {
          yieldEachChunk: true,
          stopped: () => this.stopped,
        }),
      );
    }
    await this.merging;
  }
}
