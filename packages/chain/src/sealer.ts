import { linkHash } from './globalChain';
import type { CheckpointSigner } from './keys';
import {
  isChainConflictError,
  type ChainLink,
  type ChainLog,
  type ChainStore,
  type SignedCheckpoint,
} from './port';
import { recordContentProblem, recordReader } from './records';

export interface ChainSealerOptions {
  /** the log it follows (readAll order, as stored text where the store offers readRecords), woken by its appends */
  store: Pick<ChainLog, 'readAll' | 'onAppended' | 'readRecords'>;
  chain: ChainStore;
  /** signs checkpoints of the head; without one the chain is extended but nothing is signed */
  signer?: CheckpointSigner | undefined;
  /** events read per step (default 500) */
  batchSize?: number;
  /** sign a checkpoint once this many events were sealed since the last one (default 1000) */
  checkpointEveryEvents?: number;
  /** …or once this long has passed since the last one and something new was sealed (default 60 s) */
  checkpointIntervalMs?: number;
  /** a look for new events even without a wake-up from the store (default 1 s) */
  pollIntervalMs?: number;
  /** how long after an append the sealer looks (default 20 ms); every append within this while shares the step */
  wakeDelayMs?: number;
  clock?: () => Date;
  onError?: (error: unknown) => void;
}

/** The sealer refuses to seal an event whose stored content no longer matches its hash. */
export class UnsealableEventError extends Error {
  readonly code = 'CHAIN.TAMPERED';
  constructor(
    readonly eventId: string,
    readonly globalPosition: number,
  ) {
    super(
      `Global chain: event ${eventId} (global position ${globalPosition}) does not match its hash; not sealed`,
    );
    this.name = 'UnsealableEventError';
  }
}

interface SealSettings {
  store: ChainSealerOptions['store'];
  chain: ChainStore;
  signer: CheckpointSigner | undefined;
  batchSize: number;
  every: number;
  intervalMs: number;
  clock: () => Date;
}

const checkpointDue = (
  { signer, every, intervalMs, clock }: SealSettings,
  last: SignedCheckpoint | undefined,
  headSeq: number,
  force: boolean,
): boolean => {
  if (!signer || headSeq === 0) return false;
  const signedSeq = last?.seq ?? 0;
  if (headSeq <= signedSeq) return false;
  if (force || headSeq - signedSeq >= every || last === undefined) return true;
  return clock().getTime() - Date.parse(last.signedAt) >= intervalMs;
};

const signHead = ({ signer, clock }: SealSettings, head: ChainLink): SignedCheckpoint | undefined =>
  signer?.sign({ seq: head.seq, chainHash: head.chainHash, signedAt: clock().toISOString() });

/** One step: seals up to batchSize events; returns how many (0 when the chain is at the log's head). */
async function sealStep(settings: SealSettings, force: boolean): Promise<number> {
  const { store, chain, signer, batchSize, every } = settings;
  const head = await chain.head();
  const events = await recordReader(store)(head?.checkpoint, batchSize);
  const last = await chain.lastCheckpoint();
  if (events.length === 0) {
    if (head && checkpointDue(settings, last, head.seq, force))
      await chain.extend([], signHead(settings, head));
    return 0;
  }
  let prev = head?.chainHash ?? null;
  let seq = head?.seq ?? 0;
  const links: ChainLink[] = [];
  let refused: UnsealableEventError | undefined;
  for (const e of events) {
    // Seal what comes before an event that no longer matches its hash, then stop at it.
    if (recordContentProblem(e) !== undefined) {
      refused = new UnsealableEventError(e.id, e.globalPosition);
      break;
    }
    seq += 1;
    const link = {
      seq,
      eventId: e.id,
      streamId: e.streamId,
      globalPosition: e.globalPosition,
      eventHash: e.hash,
    };
    const chainHash = linkHash(link, prev);
    prev = chainHash;
    links.push({ ...link, chainHash, checkpoint: e.checkpoint });
  }
  const newHead = links[links.length - 1];
  if (newHead !== undefined) {
    const more = events.length === batchSize && refused === undefined;
    // Every N events; otherwise only once caught up (not in the middle of a catch-up), when due by time.
    const sign =
      signer !== undefined &&
      (newHead.seq - (last?.seq ?? 0) >= every ||
        (!more && checkpointDue(settings, last, newHead.seq, force)));
    await chain.extend(links, sign ? signHead(settings, newHead) : undefined);
  }
  if (refused) throw refused;
  return links.length;
}

/** Lost races in a row after which a run stops (about 8 s of back-off): no live race lasts that long. */
const MAX_CONFLICTS_IN_A_ROW = 64;

/** Seals everything readable now; `force` also signs the head. Returns how many events it sealed. */
async function sealAll(settings: SealSettings, force: boolean): Promise<number> {
  let total = 0;
  let conflicts = 0;
  for (;;) {
    let n: number;
    try {
      n = await sealStep(settings, force);
    } catch (error) {
      if (!isChainConflictError(error)) throw error;
      // Lost the race: let the winner run ahead before re-reading the head, a random while so that sealers
      // that keep colliding in lockstep drift apart (full jitter, 4 ms doubling up to 128 ms). A sealer that
      // loses this often is not racing but stuck (a store whose head and pages disagree): report it.
      conflicts += 1;
      if (conflicts > MAX_CONFLICTS_IN_A_ROW)
        throw new Error(
          `Global chain: ${conflicts} conflicts in a row, the sealer gives up this run: ${error.message}`,
        );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(conflicts + 1, 7)));
      continue;
    }
    conflicts = 0;
    total += n;
    if (n < settings.batchSize) return total;
    // a long backlog (a first start on a big log): let requests and timers in between batches
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Extends the global chain by following the log in readAll order (the order a subscription sees), and signs
 * its head every N events or T seconds. Several sealers may run (every audit replica does): each step re-reads
 * the head, and a step that lost the race (ChainConflictError) simply starts again from the new head.
 *
 * @example
 * const sealer = createChainSealer({ store, chain, signer: createCheckpointSigner(pem) });
 * sealer.start(); // … await sealer.stop();
 */
export function createChainSealer(options: ChainSealerOptions) {
  const settings: SealSettings = {
    store: options.store,
    chain: options.chain,
    signer: options.signer,
    batchSize: options.batchSize ?? 500,
    every: options.checkpointEveryEvents ?? 1000,
    intervalMs: options.checkpointIntervalMs ?? 60_000,
    clock: options.clock ?? (() => new Date()),
  };

  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  // A tampered event stops sealing until someone looks: report it once, not at every poll. Every tick and wake-up
  // during a run shares that run's promise, so a run that fails is reported once, not once per caller.
  let reported: string | undefined;
  let lastError: unknown;
  const report = (error: unknown) => {
    if (error === lastError) return;
    lastError = error;
    const id = error instanceof UnsealableEventError ? error.eventId : undefined;
    if (id !== undefined && id === reported) return;
    reported = id;
    options.onError?.(error);
  };
  /** Concurrent calls share one run; one more follows if asked meanwhile. */
  const seal = (force = false): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = sealAll(settings, force).finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void seal().catch(report);
      }
    });
    return running;
  };

  const tick = () => void seal().catch(report);
  // A burst of appends wakes the sealer once, a moment later, rather than once per append.
  let wake: NodeJS.Timeout | undefined;
  const onAppend = () => {
    wake ??= setTimeout(() => {
      wake = undefined;
      tick();
    }, options.wakeDelayMs ?? 20);
  };

  return {
    /** Seals everything readable now (and, with `{ checkpoint: true }`, signs the head). */
    sealNow: (opts: { checkpoint?: boolean } = {}) => seal(opts.checkpoint ?? false),
    start(): void {
      stopped = false;
      unsubscribe = options.store.onAppended(onAppend);
      timer = setInterval(tick, options.pollIntervalMs ?? 1000);
      timer.unref();
      tick();
    },
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe?.();
      if (timer) clearInterval(timer);
      if (wake) clearTimeout(wake);
      await running?.catch(() => undefined);
    },
  };
}
export type ChainSealer = ReturnType<typeof createChainSealer>;
