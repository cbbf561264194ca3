import type { KeyObject } from 'node:crypto';
import { linkHashMatches } from './globalChain';
import { checkpointSignatureValid, keyIdOf } from './keys';
import type { ChainLinkText, ChainLog, ChainRecord, SignedCheckpoint } from './port';
import { contentMatches, recordContentProblem, type CheckedEvent, type CheckPage } from './records';
import { streamOrderProblem, type BadEvent, type StreamLinkFields } from './streamChain';

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

/** Why a sealed link does not fit the event found at its place (same id already checked), or undefined. */
function linkMismatch(
  link: ChainLinkText,
  e: CheckedEvent,
  prevChainHash: string | null,
): string | undefined {
  if (link.globalPosition !== e.globalPosition)
    return `the global chain sealed it at global position ${link.globalPosition}`;
  if (link.eventHash !== e.hash)
    return 'the hash differs from the one sealed in the global chain (rewritten)';
  if (!linkHashMatches(link, prevChainHash))
    return `global chain link ${link.seq} does not hash its predecessor (the chain was altered)`;
  return undefined;
}

export type CheckpointsAt = (
  link: Pick<ChainLinkText, 'seq' | 'chainHash'>,
) => { problem: string } | { signed: SignedCheckpoint | undefined };

/**
 * Checks the checkpoints signed at a link: a known key, a valid signature, the link's chain hash. Answers the
 * first problem, or the checkpoint signed there (undefined when there is none).
 */
export function checkpointChecker(
  checkpoints: readonly SignedCheckpoint[],
  publicKeys: readonly KeyObject[],
): CheckpointsAt {
  const keys = new Map(publicKeys.map((k) => [keyIdOf(k), k]));
  const bySeq = new Map<number, SignedCheckpoint[]>();
  for (const c of checkpoints) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
  return (link) => {
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
export const badLink = (
  link: Pick<ChainLinkText, 'globalPosition' | 'eventId' | 'streamId'>,
  reason: string,
): BadEvent => ({
  position: link.globalPosition,
  eventId: link.eventId,
  streamId: link.streamId,
  reason,
});

/** Why an event's content does not match its hash: nothing on a sound page (its texts matched), else the record's. */
const contentProblem = (e: CheckedEvent, sound: boolean): string | undefined =>
  sound ? undefined : recordContentProblem(e as ChainRecord);

/** The bad event as found in the log. */
const badEvent = (e: CheckedEvent, reason: string): BadEvent => ({
  position: e.globalPosition,
  eventId: e.id,
  streamId: e.streamId,
  reason,
});

export type StreamTip = { streamPosition: number; hash: string | null };

/** A stream's first event met by a range, whose link to its predecessor the merge checks (verifyRanges.ts). */
export interface FirstMet extends StreamLinkFields {
  streamId: string;
  globalPosition: number;
}

/**
 * What a stream not met yet continues: 'new' a stream that starts here (a run from the log's start), 'read' the
 * event before it read from the log (a run resumed), 'defer' unknown: recorded for the merge (a range).
 */
export type UnknownStreams = 'new' | 'read' | 'defer';

/** Where a run starts: the progress, the streams' tips known, and what an unknown stream continues. */
export interface RunStart {
  progress: LogVerifyProgress;
  streams?: Map<string, StreamTip>;
  unknown: UnknownStreams;
  lastEvent?: Pick<ChainRecord, 'globalPosition' | 'id'> | undefined;
}

type StreamPlace = Pick<FirstMet, 'streamId' | 'streamPosition' | 'globalPosition'>;

/** The tip of a stream before the event at `e`'s place, read from the log (undefined for a stream's first). */
export async function streamTipBefore(
  store: Pick<ChainLog, 'readStream'>,
  e: StreamPlace,
): Promise<StreamTip | undefined> {
  if (e.streamPosition === 0) return undefined;
  const before = await store.readStream(e.streamId, { fromPosition: e.streamPosition - 1, maxCount: 1 });
  const previous = before.find(
    (b) => b.streamPosition === e.streamPosition - 1 && b.globalPosition < e.globalPosition,
  );
  return previous && { streamPosition: previous.streamPosition, hash: previous.hash };
}

/** The verification's running state over one log; `check` takes a page, answers the first bad event. */
export class LogVerification {
  readonly streams: Map<string, StreamTip>;
  /** 'defer' only: each stream's first event met, in the order the streams were met */
  readonly firstMet: FirstMet[] = [];
  readonly unknown: UnknownStreams;
  progress: LogVerifyProgress;
  lastEvent: Pick<ChainRecord, 'globalPosition' | 'id'> | undefined;

  constructor(
    private readonly store: Pick<ChainLog, 'readStream'>,
    private readonly checkpointsAt: CheckpointsAt,
    start: RunStart,
  ) {
    this.progress = { ...start.progress };
    this.streams = start.streams ?? new Map();
    this.unknown = start.unknown;
    this.lastEvent = start.lastEvent;
  }

  /** The tip of a stream before `e` read from the log (after a resume, for a stream this run has not met yet). */
  tipBefore(e: StreamPlace): Promise<StreamTip | undefined> {
    return streamTipBefore(this.store, e);
  }

  /** Checks the link sealed at an event's place (same id already checked); the problem, or undefined. */
  private linkProblem(link: ChainLinkText, e: CheckedEvent): BadEvent | undefined {
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

  /** Why an event does not continue its stream or match its hash; a stream met first in a range is deferred. */
  private async streamProblem(
    e: CheckedEvent,
    kept: StreamTip | undefined,
    sound: boolean,
  ): Promise<string | undefined> {
    if (kept === undefined && this.unknown === 'defer') {
      const { streamId, streamPosition, prevStreamHash, hash, globalPosition } = e;
      this.firstMet.push({ streamId, streamPosition, prevStreamHash, hash, globalPosition });
      return contentProblem(e, sound);
    }
    const tip = kept !== undefined || this.unknown === 'new' ? kept : await this.tipBefore(e);
    return streamOrderProblem(e, tip) ?? contentProblem(e, sound);
  }

  /**
   * Checks one page against the links sealed at its places; the first bad event, or undefined. The hot loop of a
   * whole-log check: nothing is allocated per event but the texts hashed (and a stream's tip when first met). An
   * event that continues its stream's tip with a matching hash (a `sound` page's were all matched by the reader)
   * passes on one comparison of each; any other is judged by the checks in their order, for the reason they give.
   */
  async check(page: CheckPage, links: readonly ChainLinkText[]): Promise<BadEvent | undefined> {
    const p = this.progress;
    const { rows, sound } = page;
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i] as CheckedEvent;
      p.events += 1;
      this.lastEvent = e;
      // The sealed link first: it names the event that belongs here even when this one is an intruder.
      const link = links[i];
      const linkBad = link === undefined ? undefined : this.linkProblem(link, e);
      if (linkBad !== undefined) return linkBad;
      // (no link: past the chain's head, not sealed yet; its stream chain is still checked)
      const kept = this.streams.get(e.streamId);
      if (kept === undefined) {
        const reason = await this.streamProblem(e, kept, sound);
        if (reason !== undefined) return badEvent(e, reason);
        this.streams.set(e.streamId, { streamPosition: e.streamPosition, hash: e.hash });
        continue;
      }
      // a matching hash is 64 hex digits: streamOrderProblem's remaining check
      const follows = e.streamPosition === kept.streamPosition + 1 && e.prevStreamHash === kept.hash;
      if (!follows || !(sound || contentMatches(e as ChainRecord))) {
        const reason = streamOrderProblem(e, kept) ?? contentProblem(e, sound);
        if (reason !== undefined) return badEvent(e, reason);
      }
      kept.streamPosition = e.streamPosition;
      kept.hash = e.hash;
    }
    return undefined;
  }
}
