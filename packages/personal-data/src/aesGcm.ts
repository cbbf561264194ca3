import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a 96-bit random nonce and a 128-bit tag (NIST SP 800-38D's recommended sizes). */
export const ALG = 'A256GCM' as const;
const CIPHER = 'aes-256-gcm';
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface AesGcmBox {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Thrown when a ciphertext, its nonce, its tag or its associated data was altered (or the key is wrong). */
export class TamperedCiphertextError extends Error {
  readonly code = 'PERSONAL_DATA.TAMPERED';
  constructor(what: string) {
    super(`${what} failed authentication: altered, or not sealed with this key`);
    this.name = 'TamperedCiphertextError';
  }
}

/** Encrypts `plaintext` under `key`, binding `aad` (authenticated, not encrypted). */
export function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: string): AesGcmBox {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts a box; throws {@link TamperedCiphertextError} unless the tag authenticates everything. */
export function decrypt(key: Uint8Array, box: AesGcmBox, aad: string, what = 'The ciphertext'): Buffer {
  if (box.iv.length !== IV_BYTES || box.tag.length !== TAG_BYTES) throw new TamperedCiphertextError(what);
  const decipher = createDecipheriv(CIPHER, key, box.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(box.tag);
  try {
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    throw new TamperedCiphertextError(what);
  }
}

/** One buffer: nonce ‖ tag ‖ ciphertext (how a wrapped data key is stored). */
export const packBox = (box: AesGcmBox): Buffer => Buffer.concat([box.iv, box.tag, box.ciphertext]);
export const unpackBox = (packed: Uint8Array): AesGcmBox => {
  const b = Buffer.from(packed);
  return {
    iv: b.subarray(0, IV_BYTES),
    tag: b.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: b.subarray(IV_BYTES + TAG_BYTES),
  };
};
