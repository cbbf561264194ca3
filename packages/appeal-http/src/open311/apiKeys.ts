import { createHash, timingSafeEqual } from 'node:crypto';

/** The SHA-256 of an api key, in hex: what the key registry keeps (a leaked configuration leaks no key). */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** The Open311 clients allowed to file, each known by the hash of its api key. */
export interface Open311ApiKeys {
  /** the client an api key belongs to; undefined for an unknown key */
  clientOf(key: string): string | undefined;
  /** how many clients are registered (none: the endpoint takes no filings) */
  readonly size: number;
}

const ENTRY = /^([a-z0-9][a-z0-9-]{0,63}):([0-9a-f]{64})$/;

/**
 * The key registry from its configuration (`OPEN311_API_KEYS`): comma-separated `client:sha256hex` entries, the
 * client a short name that events record (`open311:<client>` in the filing's metadata). Throws naming a bad entry.
 *
 * @example
 * const keys = open311ApiKeys(`city-app:${hashApiKey('s3cret')}`);
 * keys.clientOf('s3cret'); // 'city-app'
 */
export function open311ApiKeys(configured: string | undefined): Open311ApiKeys {
  const entries = (configured ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = ENTRY.exec(entry);
      if (!match)
        throw new Error(
          `OPEN311_API_KEYS: "${entry.split(':')[0]}…" is not "client:<sha256 of the key in hex>"`,
        );
      return { client: match[1]!, hash: Buffer.from(match[2]!, 'hex') };
    });
  return {
    size: entries.length,
    clientOf(key) {
      const hash = Buffer.from(hashApiKey(key), 'hex');
      // compare with every entry, always: how long it takes does not tell which entry (or whether one) matched
      let found: string | undefined;
      for (const entry of entries) if (timingSafeEqual(entry.hash, hash) && !found) found = entry.client;
      return found;
    },
  };
}
