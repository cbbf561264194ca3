import { canonicalJson } from './canonicalJson';
import { CHAIN_VERSION, sha256Hex, type Sha256Hex } from './streamChain';
import type { ChainLink, ChainLinkText, ChainStore, SignedCheckpoint } from './port';

/**
 * The global chain's hashing: a link per event in the order the log hands events out (readAll), each hashing the
 * link before it, and the text an Ed25519 checkpoint of its head signs (keys.ts). Links are written by a sealer
 * that follows the log (sealer.ts), not by appends, so concurrent appends never wait for one another
 * (docs/adr/0005).
 */

/**
 * The canonical text of a link, `{v, seq, eventId, globalPosition, eventHash, prev}`, put together in RFC 8785
 * member order (eventHash, eventId, globalPosition, prev, seq, v) with the scalars as JSON.stringify writes them.
 */
export const canonicalLinkText = (
  link: Pick<ChainLink, 'seq' | 'eventId' | 'globalPosition' | 'eventHash'>,
  prev: Sha256Hex | null,
): string =>
  `{"eventHash":${JSON.stringify(link.eventHash)},"eventId":${JSON.stringify(link.eventId)},"globalPosition":${JSON.stringify(
    link.globalPosition,
  )},"prev":${prev === null ? 'null' : JSON.stringify(prev)},"seq":${JSON.stringify(link.seq)},"v":${CHAIN_VERSION}}`;

/** The hash of a link, given the chain hash of the link before it. */
export const linkHash = (
  link: Pick<ChainLink, 'seq' | 'eventId' | 'globalPosition' | 'eventHash'>,
  prev: Sha256Hex | null,
): Sha256Hex => sha256Hex(canonicalLinkText(link, prev));

/**
 * Whether a link hashes its predecessor: the text the store began (textHead) completed, or where the store gives
 * none or it does not match, the text put together here (linkHash). Either matching is the same text: the store's
 * begins as canonicalLinkText does (its strings quoted as JSON.stringify quotes them).
 */
export const linkHashMatches = (link: ChainLinkText, prev: Sha256Hex | null): boolean =>
  (link.textHead !== undefined &&
    sha256Hex(
      `${link.textHead}${prev === null ? 'null' : JSON.stringify(prev)},"seq":${link.seq},"v":${CHAIN_VERSION}}`,
    ) === link.chainHash) ||
  linkHash(link, prev) === link.chainHash;

/** The store's links for the whole-log check: linkTexts where it has it, else links. */
export const checkLinkReader = (
  chain: ChainStore,
): ((afterSeq: number, limit: number) => Promise<ChainLinkText[]>) =>
  chain.linkTexts
    ? (afterSeq, limit) => chain.linkTexts!({ afterSeq, limit })
    : (afterSeq, limit) => chain.links({ afterSeq, limit });

/** The text a checkpoint's signature covers. */
export const canonicalCheckpointText = (c: Omit<SignedCheckpoint, 'signature'>): string =>
  canonicalJson({
    v: CHAIN_VERSION,
    seq: c.seq,
    chainHash: c.chainHash,
    signedAt: c.signedAt,
    keyId: c.keyId,
  });
