import type { KeyObject } from 'node:crypto';
import { linkHash } from './globalChain';
import { checkpointSignatureValid, keyIdOf } from './keys';
import type { ChainEvent, ChainLink, ChainLog, ChainStore, SignedCheckpoint } from './port';
import { streamLinkProblem, type BadEvent, type VerifyResult } from './streamChain';

/** A stream's verification: its own chain, and its events against the sealed global links. */
export interface StreamVerifyReport extends VerifyResult {
  /** how many of the stream's events are sealed into the global chain */
  sealed: number;
}

/**
 * Verifies one stream (an appeal's history): positions 0..n-1, each prevStreamHash and hash, and each event
 * against the link that sealed it (same event at the same place, same hash), so a stream rewritten whole with
 * fresh hashes, or with its last events deleted, is caught once sealed. Names the first bad event by stream
 * position. Undefined when the stream has neither events nor links (no such stream).
 */
export async function verifyStreamHistory(
  store: Pick<ChainLog, 'readStream'>,
  chain: ChainStore | undefined,
  streamId: string,
): Promise<StreamVerifyReport | undefined> {
  const [events, links] = await Promise.all([
    store.readStream(streamId),
    chain ? chain.linksOfStream(streamId) : Promise.resolve<ChainLink[]>([]),
  ]);
  if (events.length === 0 && links.length === 0) return undefined;
  const bad = (position: number, eventId: string, reason: string): StreamVerifyReport => ({
    ok: false,
    events: events.length,
    sealed: links.length,
    firstBad: { position, eventId, streamId, reason },
  });
  for (let i = 0; i < Math.max(events.length, links.length); i++) {
    const event = events[i];
    const link = links[i];
    if (event === undefined) {
      const missing = link as ChainLink;
      return bad(i, missing.eventId, 'a sealed event is missing from the stream (deleted)');
    }
    const reason = streamLinkProblem(event, events[i - 1]);
    if (reason !== undefined) return bad(event.streamPosition, event.id, reason);
    if (link !== undefined) {
      if (link.eventId !== event.id)
        return bad(i, event.id, `the global chain sealed event ${link.eventId} here (reordered or replaced)`);
      if (link.eventHash !== event.hash)
        return bad(i, event.id, 'the hash differs from the one sealed in the global chain (rewritten)');
    }
  }
  return { ok: true, events: events.length, sealed: links.length };
}

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

export interface LogVerifyOptions {
  store: Pick<ChainLog, 'readAll'>;
  chain: ChainStore;
  /** keys checkpoints may be signed with; a checkpoint by any other key is a failure */
  publicKeys: readonly KeyObject[];
  /** events read per page (default 1000) */
  batchSize?: number;
  /** called after each page */
  onProgress?: (progress: { events: number; sealed: number }) => void;
}

/** Why a sealed link does not fit the event found at its place (same id already checked), or undefined. */
function linkMismatch(link: ChainLink, e: ChainEvent, prevChainHash: string | null): string | undefined {
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

/**
 * Verifies the whole log in readAll order: every event's stream chain (positions without gaps, prevStreamHash,
 * hash), the global chain (each link names the event found at its place, with its hash and position, and hashes
 * the link before it), every checkpoint's signature and its agreement with the chain, and that nothing sealed
 * is missing at the end. Names the first bad event by global position.
 */
export async function verifyLog(options: LogVerifyOptions): Promise<LogVerifyReport> {
  const { store, chain } = options;
  const batchSize = options.batchSize ?? 1000;
  const checkpoints = await chain.checkpoints();
  const checkpointsAt = checkpointChecker(checkpoints, options.publicKeys);

  const streams = new Map<string, { streamPosition: number; hash: string | null }>();
  let events = 0;
  let sealed = 0;
  let prevChainHash: string | null = null;
  let signedHead: SignedCheckpoint | undefined;
  let after: string | undefined;
  let links: ChainLink[] = [];
  let linksExhausted = false;
  let lastEvent: ChainEvent | undefined;

  const report = (firstBad?: BadEvent): LogVerifyReport => ({
    ok: firstBad === undefined,
    events,
    sealed,
    unsealed: events - sealed,
    checkpoints: checkpoints.length,
    ...(signedHead ? { signedHead: withoutSignature(signedHead) } : {}),
    ...(firstBad ? { firstBad } : {}),
  });
  const badAt = (e: ChainEvent, reason: string) =>
    report({ position: e.globalPosition, eventId: e.id, streamId: e.streamId, reason });

  const nextLink = async (): Promise<ChainLink | undefined> => {
    if (links.length === 0 && !linksExhausted) {
      links = await chain.links({ afterSeq: sealed, limit: batchSize });
      if (links.length === 0) linksExhausted = true;
    }
    return links.shift();
  };

  for (;;) {
    const page = await store.readAll({ after, limit: batchSize });
    for (const e of page) {
      events += 1;
      lastEvent = e;
      // The sealed link first: it names the event that belongs here even when this one is an intruder.
      const link = linksExhausted ? undefined : await nextLink();
      if (link !== undefined) {
        if (link.eventId !== e.id)
          return report(
            badLink(
              link,
              `sealed at chain link ${link.seq}, but the log has ${e.id} there (deleted, inserted or reordered)`,
            ),
          );
        const mismatch = linkMismatch(link, e, prevChainHash);
        if (mismatch !== undefined) return badAt(e, mismatch);
        const checked = checkpointsAt(link);
        if ('problem' in checked) return badAt(e, checked.problem);
        signedHead = checked.signed ?? signedHead;
        prevChainHash = link.chainHash;
        sealed += 1;
      } // else: past the chain's head, not sealed yet; its stream chain is still checked
      const reason = streamLinkProblem(e, streams.get(e.streamId));
      if (reason !== undefined) return badAt(e, reason);
      streams.set(e.streamId, { streamPosition: e.streamPosition, hash: e.hash });
    }
    options.onProgress?.({ events, sealed });
    if (page.length < batchSize) break;
    after = (page[page.length - 1] as ChainEvent).checkpoint;
  }

  const leftover = linksExhausted ? undefined : await nextLink();
  if (leftover !== undefined) {
    return report(badLink(leftover, 'a sealed event is missing from the log (deleted)'));
  }
  const beyond = checkpoints.find((c) => c.seq > sealed);
  if (beyond !== undefined) {
    return report({
      position: lastEvent?.globalPosition ?? 0,
      eventId: lastEvent?.id ?? '',
      reason: `checkpoint at chain link ${beyond.seq} is beyond the chain's head ${sealed} (links or events deleted)`,
    });
  }
  return report();
}

const withoutSignature = ({ signature: _signature, ...rest }: SignedCheckpoint) => rest;
