import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { canonicalCheckpointText } from './globalChain';
import type { SignedCheckpoint } from './port';

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
