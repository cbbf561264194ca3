import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { MasterKeyConfigError } from './masterKeys';

/** One master key of a keyring file: its id (stored with every data key it wraps) and the key, base64. */
export interface KeyringEntry {
  id: string;
  key: string;
}

const LEGACY_ID = 'k1';

/**
 * Reads a keyring file's text: one `id:base64` per line, the current key first, the older ones still needed to
 * unwrap after it (`#` starts a comment). A file holding a bare key (what the embedded mode wrote before rotation)
 * is that key with id `k1`.
 */
export function parseKeyring(text: string, file = 'the keyring'): KeyringEntry[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const entries = lines.map((line) => {
    const at = line.indexOf(':');
    return at < 0 ? { id: LEGACY_ID, key: line } : { id: line.slice(0, at), key: line.slice(at + 1) };
  });
  if (entries.length === 0) throw new MasterKeyConfigError(file, 'holds no master key');
  return entries;
}

/** The keyring as `masterKeysFrom` takes it: the first entry current, the others previous. */
export const keyringConfig = ([current, ...previous]: KeyringEntry[]) => ({
  key: current!.key,
  id: current!.id,
  previous: previous.map((e) => `${e.id}:${e.key}`).join(','),
});

/** The keyring in `file`, or undefined when there is no such file. */
export function readKeyringFile(file: string): KeyringEntry[] | undefined {
  return existsSync(file) ? parseKeyring(readFileSync(file, 'utf8'), file) : undefined;
}

/** Writes the keyring (current first) readable by its owner only, whole or not at all (write, then rename). */
export function writeKeyringFile(file: string, entries: KeyringEntry[]): void {
  const text = [
    '# personal-data master keys (ADR 0006): the current one first, older ones still unwrapping after it',
    ...entries.map((e) => `${e.id}:${e.key}`),
    '',
  ].join('\n');
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The id after the keyring's highest `k<n>`: `k2` after `k1`. */
export function nextKeyId(entries: KeyringEntry[]): string {
  const numbers = entries.map((e) => /^k(\d+)$/.exec(e.id)).map((m) => (m ? Number(m[1]) : 0));
  return `k${Math.max(0, ...numbers) + 1}`;
}
