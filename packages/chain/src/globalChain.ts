import { CHAIN_VERSION, canonicalJson, sha256Hex, type Sha256Hex } from './streamChain';
import type { ChainLink, SignedCheckpoint } from './port';

/**
 * The global chain's hashing: a link per event in the order the log hands events out (readAll), each hashing the
 * link before it, and the text an Ed25519 checkpoint of its head signs (keys.ts). Links are written by a sealer
 * that follows the log (sealer.ts), not by appends, so concurrent appends never wait for one another
 * (docs/adr/0005).
 */

/** The hash of a link, given the chain hash of the link before it. */
export const linkHash = (
  link: Pick<ChainLink, 'seq' | 'eventId' | 'globalPosition' | 'eventHash'>,
  prev: Sha256Hex | null,
): Sha256Hex =>
  sha256Hex(
    canonicalJson({
      v: CHAIN_VERSION,
      seq: link.seq,
      eventId: link.eventId,
      globalPosition: link.globalPosition,
      eventHash: link.eventHash,
      prev,
    }),
  );

/** The text a checkpoint's signature covers. */
export const canonicalCheckpointText = (c: Omit<SignedCheckpoint, 'signature'>): string =>
  canonicalJson({
    v: CHAIN_VERSION,
    seq: c.seq,
    chainHash: c.chainHash,
    signedAt: c.signedAt,
    keyId: c.keyId,
  });
