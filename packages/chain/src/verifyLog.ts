import type { KeyObject } from 'node:crypto';
import { linkHash } from './globalChain';
import { checkpointSignatureValid, keyIdOf } from './keys';
import type { ChainLink, ChainLog, ChainRecord, ChainStore, SignedCheckpoint } from './port';
import { recordContentProblem, recordReader } from './records';
import { streamOrderProblem, type BadEvent, type VerifyResult } from './streamChain';

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

/**
 * Where a verification stands after a page: everything a later run needs to go on from there (plain JSON, so a
 * caller can keep it in a file). `after` is the readAll cursor of the last event checked.
 */
export interface LogVerifyProgress {
  after?: string | undefined;
  events: number;
  sealed: number;
  /** the chain hash of the last sealed link checked */
  prevChainHash: string | null;
  signedHead?: SignedCheckpoint | undefined;
}

export interface LogVerifyOptions {
  store: Pick<ChainLog, 'readAll' | 'readStream' | 'readRecords'>;
  chain: ChainStore;
  /** keys checkpoints may be signed with; a checkpoint by any other key is a failure */
  publicKeys: readonly KeyObject[];
  /** events read per page (default 1000) */
  batchSize?: number;
  /** called after each page with where the verification stands */
  onProgress?: (progress: LogVerifyProgress) => void;
  /**
   * go on from an earlier run's progress instead of the start. The events before it are not checked again (the
   * report counts them as the earlier run did); a stream met again takes its last hash from the log.
   */
  resumeFrom?: LogVerifyProgress;
}

/** Why a sealed link does not fit the event found at its place (same id already checked), or undefined. */
function linkMismatch(link: ChainLink, e: ChainRecord, prevChainHash: string | null): string | undefined {
  if (link.globalPosition !== e.globalPosition)
    return `the global chain sealed it at global position ${link.globalPosition}`;
  if (link.eventHash !== e.hash)
    return 'the hash differs from the one sealed in the global chain (rewritten)';
  if (linkHash(link, prevChainHash) !== link.chainHash)
    return `global chain link ${link.seq} does not hash its predecessor (the chain was altered)`;
  return undefined;
}

/**
 * Checks the checkpoints signed at a link: a known key, a valid signature, the link's chain hash. Answers the
 * first problem, or the checkpoint signed there (undefined when there is none).
 */
function checkpointChecker(checkpoints: readonly SignedCheckpoint[], publicKeys: readonly KeyObject[]) {
  const keys = new Map(publicKeys.map((k) => [keyIdOf(k), k]));
  const bySeq = new Map<number, SignedCheckpoint[]>();
  for (const c of checkpoints) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
  return (link: ChainLink): { problem: string } | { signed: SignedCheckpoint | undefined } => {
    let signed: SignedCheckpoint | undefined;
    for (const c of bySeq.get(link.seq) ?? []) {
      const key = keys.get(c.keyId);
      if (key === undefined)
        return { problem: `checkpoint at chain link ${c.seq} is signed by an unknown key ${c.keyId}` };
      if (!checkpointSignatureValid(c, key))
        return { problem: `checkpoint at chain link ${c.seq} has a bad signature` };
      if (c.chainHash !== link.chainHash)
        return {
          problem: `checkpoint at chain link ${c.seq} signed another chain head (the history before it was rewritten)`,
        };
      signed = c;
    }
    return { signed };
  };
}

/** The bad event as a sealed link names it: the event that belongs at the link's place. */
const badLink = (link: ChainLink, reason: string): BadEvent => ({
  position: link.globalPosition,
  eventId: link.eventId,
  streamId: link.streamId,
  reason,
});

/** Rows read at a time: a page (batchSize) is read in chunks of at most this many (see verifyLog). */
const READ_CHUNK = 500;

/** The bad event as found in the log. */
const badEvent = (e: ChainRecord, reason: string): BadEvent => ({
  position: e.globalPosition,
  eventId: e.id,
  streamId: e.streamId,
  reason,
});

const withoutSignature = ({ signature: _signature, ...rest }: SignedCheckpoint) => rest;

type StreamTip = { streamPosition: number; hash: string | null };

/** The verification's running state over one log; `check` takes a page, answers the first bad event. */
class LogVerification {
  readonly streams = new Map<string, StreamTip>();
  progress: LogVerifyProgress;
  lastEvent: ChainRecord | undefined;

  constructor(
    readonly options: LogVerifyOptions,
    private readonly checkpointsAt: ReturnType<typeof checkpointChecker>,
  ) {
    this.progress = options.resumeFrom
      ? { ...options.resumeFrom }
      : { events: 0, sealed: 0, prevChainHash: null };
  }

  /** After a resume, the tip of a stream this run has not met yet, read from the log. */
  private async tipBefore(e: ChainRecord): Promise<StreamTip | undefined> {
    if (e.streamPosition === 0) return undefined;
    const before = await this.options.store.readStream(e.streamId, {
      fromPosition: e.streamPosition - 1,
      maxCount: 1,
    });
    const previous = before.find(
      (b) => b.streamPosition === e.streamPosition - 1 && b.globalPosition < e.globalPosition,
    );
    return previous && { streamPosition: previous.streamPosition, hash: previous.hash };
  }

  /** Checks the link sealed at an event's place (same id already checked); the problem, or undefined. */
  private linkProblem(link: ChainLink, e: ChainRecord): BadEvent | undefined {
    const p = this.progress;
    if (link.eventId !== e.id)
      return badLink(
        link,
        `sealed at chain link ${link.seq}, but the log has ${e.id} there (deleted, inserted or reordered)`,
      );
    const mismatch = linkMismatch(link, e, p.prevChainHash);
    if (mismatch !== undefined) return badEvent(e, mismatch);
    const checked = this.checkpointsAt(link);
    if ('problem' in checked) return badEvent(e, checked.problem);
    p.signedHead = checked.signed ?? p.signedHead;
    p.prevChainHash = link.chainHash;
    p.sealed += 1;
    return undefined;
  }

  /**
   * Checks one page against the links sealed at its places; the first bad event, or undefined. The hot loop of a
   * whole-log check: nothing is allocated per event but the texts hashed (and a stream's tip when first met).
   */
  async check(page: readonly ChainRecord[], links: readonly ChainLink[]): Promise<BadEvent | undefined> {
    const p = this.progress;
    for (let i = 0; i < page.length; i++) {
      const e = page[i] as ChainRecord;
      p.events += 1;
      this.lastEvent = e;
      // The sealed link first: it names the event that belongs here even when this one is an intruder.
      const link = links[i];
      const linkBad = link === undefined ? undefined : this.linkProblem(link, e);
      if (linkBad !== undefined) return linkBad;
      // (no link: past the chain's head, not sealed yet; its stream chain is still checked)
      const kept = this.streams.get(e.streamId);
      const tip =
        kept !== undefined || this.options.resumeFrom === undefined ? kept : await this.tipBefore(e);
      const reason = streamOrderProblem(e, tip) ?? recordContentProblem(e);
      if (reason !== undefined) return badEvent(e, reason);
      if (kept === undefined)
        this.streams.set(e.streamId, { streamPosition: e.streamPosition, hash: e.hash });
      else {
        kept.streamPosition = e.streamPosition;
        kept.hash = e.hash;
      }
    }
    return undefined;
  }

  report(checkpoints: number, firstBad?: BadEvent): LogVerifyReport {
    const { events, sealed, signedHead } = this.progress;
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
}

/**
 * Verifies the whole log in readAll order: every event's stream chain (positions without gaps, prevStreamHash,
 * hash), the global chain (each link names the event found at its place, with its hash and position, and hashes
 * the link before it), every checkpoint's signature and its agreement with the chain, and that nothing sealed
 * is missing at the end. Names the first bad event by global position. Reads the log in pages (the stored text
 * where the store offers it: readRecords) with the links sealed at the same places; reports where it stands after
 * each page and can go on from there (resumeFrom).
 */
export async function verifyLog(options: LogVerifyOptions): Promise<LogVerifyReport> {
  const { store, chain } = options;
  const batchSize = options.batchSize ?? 1000;
  const checkpoints = await chain.checkpoints();
  const run = new LogVerification(options, checkpointChecker(checkpoints, options.publicKeys));
  const read = recordReader(store);
  // A page is read in chunks: a chunk's rows die young, while a page of 5,000 rows outlives the young generation
  // and its garbage costs more than the rows' hashes (measured: about 20 % of the time).
  let unreported = 0;
  for (;;) {
    const want = Math.min(READ_CHUNK, batchSize - unreported);
    const [rows, links] = await Promise.all([
      read(run.progress.after, want),
      chain.links({ afterSeq: run.progress.sealed, limit: want }),
    ]);
    const firstBad = await run.check(rows, links);
    if (firstBad !== undefined) return run.report(checkpoints.length, firstBad);
    if (rows.length > 0) run.progress.after = (rows[rows.length - 1] as ChainRecord).checkpoint;
    unreported += rows.length;
    const done = rows.length < want;
    if (done || unreported === batchSize) {
      options.onProgress?.({ ...run.progress });
      unreported = 0;
    }
    if (done) break;
  }

  const [leftover] = await chain.links({ afterSeq: run.progress.sealed, limit: 1 });
  if (leftover !== undefined)
    return run.report(
      checkpoints.length,
      badLink(leftover, 'a sealed event is missing from the log (deleted)'),
    );
  const beyond = checkpoints.find((c) => c.seq > run.progress.sealed);
  if (beyond !== undefined) {
    return run.report(checkpoints.length, {
      position: run.lastEvent?.globalPosition ?? 0,
      eventId: run.lastEvent?.id ?? '',
      reason: `checkpoint at chain link ${beyond.seq} is beyond the chain's head ${run.progress.sealed} (links or events deleted)`,
    });
  }
  return run.report(checkpoints.length);
}
