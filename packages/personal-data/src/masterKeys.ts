import { randomBytes } from 'node:crypto';
import { KEY_BYTES } from './aesGcm';

/** A master key (key-encryption key) and the id stored with every data key it wraps. */
export interface MasterKey {
  id: string;
  key: Uint8Array;
}

/** The master keys a process holds: the current one wraps new data keys, older ones still unwrap until rotated. */
export interface MasterKeys {
  current: MasterKey;
  byId(id: string): MasterKey | undefined;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Thrown for a malformed master key configuration; `variable` names what is wrong. */
export class MasterKeyConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'MasterKeyConfigError';
  }
}

/** Decodes base64 of exactly 32 bytes, or throws naming `variable`. */
export function decodeMasterKey(value: string, variable: string): Uint8Array {
  const trimmed = value.trim();
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES)
    throw new MasterKeyConfigError(variable, `must be base64 of exactly ${KEY_BYTES} random bytes`);
  return new Uint8Array(bytes);
}

/**
 * The keyring from configuration: the current key (`PII_MASTER_KEY`, id `PII_MASTER_KEY_ID`) and retired ones
 * still needed to unwrap (`PII_PREVIOUS_MASTER_KEYS` = `id:base64,id:base64`).
 *
 * @example
 * masterKeysFrom({ key: 'base64…', id: 'k2', previous: 'k1:base64…' });
 */
export function masterKeysFrom(config: {
  key: string;
  id?: string | undefined;
  previous?: string | undefined;
}): MasterKeys {
  const id = config.id ?? 'k1';
  if (!KEY_ID.test(id))
    throw new MasterKeyConfigError('PII_MASTER_KEY_ID', 'must be 1–64 letters, digits, ".", "_" or "-"');
  const current: MasterKey = { id, key: decodeMasterKey(config.key, 'PII_MASTER_KEY') };
  const all = new Map<string, MasterKey>([[id, current]]);
  for (const entry of (config.previous ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    const previousId = entry.slice(0, at);
    if (at < 1 || !KEY_ID.test(previousId))
      throw new MasterKeyConfigError('PII_PREVIOUS_MASTER_KEYS', 'each entry must be id:base64');
    if (all.has(previousId))
      throw new MasterKeyConfigError('PII_PREVIOUS_MASTER_KEYS', `key id "${previousId}" is given twice`);
    all.set(previousId, {
      id: previousId,
      key: decodeMasterKey(entry.slice(at + 1), 'PII_PREVIOUS_MASTER_KEYS'),
    });
  }
  return { current, byId: (keyId) => all.get(keyId) };
}

/** A fresh random master key, base64 (what an operator puts in PII_MASTER_KEY; embedded mode keeps one in a file). */
export const generateMasterKey = (): string => randomBytes(KEY_BYTES).toString('base64');
