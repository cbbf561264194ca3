import type { ChainLink, ChainLog, ChainStore } from './port';
import { streamLinkProblem, type VerifyResult } from './streamChain';

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
