import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { CHAIN_VERSION, canonicalJson, sha256Hex, type Sha256Hex } from './chain';

/**
 * The global chain: a link per event in the order the log hands events out (readAll), each hashing the link
 * before it, and Ed25519-signed checkpoints of its head. Links are written by a sealer that follows the log
 * (sealer.ts), not by appends, so concurrent appends never wait for one another (docs/adr/0005).
 */
export interface ChainLink {
  /** 1-based place in the global chain (readAll order) */
  seq: number;
  eventId: string;
  streamId: string;
  globalPosition: number;
  /** the event's own hash (its `hash` field when sealed) */
  eventHash: Sha256Hex;
  /** SHA-256 over {v, seq, eventId, globalPosition, eventHash, prev}, prev the link before (null for seq 1) */
  chainHash: Sha256Hex;
  /** the event's readAll checkpoint, where the sealer resumes (not hashed: a storage cursor) */
  checkpoint: string;
}

/** A signature over the chain's head at `seq`. */
export interface SignedCheckpoint {
  seq: number;
  chainHash: Sha256Hex;
  /** when it was signed (ISO 8601) */
  signedAt: string;
  /** which key signed: the first 16 hex digits of SHA-256 of its SPKI DER */
  keyId: string;
  /** Ed25519 signature (base64) over canonicalCheckpointText */
  signature: string;
}

/** Where the global chain is kept: next to the events (SQLite file, PostgreSQL schema) or in memory. */
export interface ChainStore {
  /** the last link, undefined for an empty chain */
  head(): Promise<ChainLink | undefined>;
  /**
   * Appends links (seq = head.seq + 1 …) and, optionally, a checkpoint, atomically. Throws ChainConflictError
   * when another sealer extended the chain first (its links took these seqs); nothing is written then.
   */
  extend(links: readonly ChainLink[], checkpoint?: SignedCheckpoint): Promise<void>;
  /** links with seq > afterSeq, in seq order */
  links(options: { afterSeq: number; limit: number }): Promise<ChainLink[]>;
  /** every link of one stream, in seq order */
  linksOfStream(streamId: string): Promise<ChainLink[]>;
  /** every checkpoint, in seq order */
  checkpoints(): Promise<SignedCheckpoint[]>;
  /** the checkpoint with the highest seq */
  lastCheckpoint(): Promise<SignedCheckpoint | undefined>;
}

/** Another sealer extended the chain first; re-read the head and try again. */
export class ChainConflictError extends Error {
  readonly code = 'EVENTSTORE.CHAIN_CONFLICT';
  constructor(seq: number) {
    super(`Global chain: link ${seq} was written by another sealer`);
    this.name = 'ChainConflictError';
  }
}
export const isChainConflictError = (e: unknown): e is ChainConflictError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EVENTSTORE.CHAIN_CONFLICT';

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

// ---- keys ----

/** Signs checkpoints; the private key stays outside the database (env, KMS, a file next to embedded data). */
export interface CheckpointSigner {
  keyId: string;
  publicKey: KeyObject;
  sign(checkpoint: Omit<SignedCheckpoint, 'signature' | 'keyId'>): SignedCheckpoint;
}

/** The key id of an Ed25519 public key: the first 16 hex digits of SHA-256 over its SPKI DER. */
export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** The public key in PEM, for verifiers. */
export const publicKeyPem = (publicKey: KeyObject): string =>
  publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A new Ed25519 key pair; the private key as PKCS#8 PEM. */
export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKeyPem(publicKey),
  };
}

/** Reads an Ed25519 key given as PEM, or as base64 of PEM or of PKCS#8/SPKI DER (env-friendly). */
function keyFrom(text: string, kind: 'private' | 'public'): KeyObject {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  const pem = trimmed.startsWith('-----BEGIN') ? trimmed : bytes.toString('utf8');
  let key: KeyObject;
  if (pem.startsWith('-----BEGIN')) key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  else
    key =
      kind === 'private'
        ? createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
        : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new TypeError(
      `chain signing key: expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  return key;
}

/** A signer from an Ed25519 private key (PEM, or base64 of PEM / PKCS#8 DER). */
export function createCheckpointSigner(privateKey: string): CheckpointSigner {
  const key = keyFrom(privateKey, 'private');
  const publicKey = createPublicKey(key);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    sign(c) {
      const unsigned = { ...c, keyId };
      const signature = edSign(null, Buffer.from(canonicalCheckpointText(unsigned), 'utf8'), key).toString(
        'base64',
      );
      return { ...unsigned, signature };
    },
  };
}

/** An Ed25519 public key (PEM or base64), for verifiers. */
export const readPublicKey = (text: string): KeyObject => keyFrom(text, 'public');

/** True when `checkpoint` carries a valid signature by `publicKey` (and names that key). */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return edVerify(
      null,
      Buffer.from(canonicalCheckpointText(checkpoint), 'utf8'),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

// ---- in memory ----

/** A ChainStore in process memory, the companion of createInMemoryEventStore. */
export function createInMemoryChainStore(): ChainStore {
  const links: ChainLink[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  return {
    async head() {
      return links[links.length - 1];
    },
    async extend(batch, checkpoint) {
      const next = links.length + 1;
      batch.forEach((link, i) => {
        if (link.seq !== next + i) throw new ChainConflictError(link.seq);
      });
      links.push(...batch.map((l) => ({ ...l })));
      // one checkpoint per seq, as the tables' primary keys make it
      if (checkpoint && !checkpoints.some((c) => c.seq === checkpoint.seq))
        checkpoints.push({ ...checkpoint });
    },
    async links({ afterSeq, limit }) {
      return links.slice(afterSeq, afterSeq + limit).map((l) => ({ ...l }));
    },
    async linksOfStream(streamId) {
      return links.filter((l) => l.streamId === streamId).map((l) => ({ ...l }));
    },
    async checkpoints() {
      return checkpoints.map((c) => ({ ...c }));
    },
    async lastCheckpoint() {
      const last = checkpoints[checkpoints.length - 1];
      return last ? { ...last } : undefined;
    },
  };
}
