import { REVISION_FIELD, ReadStoreError } from '@appeals/readstore';

/** How a view document is kept: its id, its revision, and the body under `doc`, apart from both. */
export interface StoredView {
  _id: string;
  _revision: number;
  doc: Record<string, unknown>;
  /** set when some key of `doc` had to be escaped (see `escapeKey`), or a string holding NUL (`storedString`) */
  _escapedKeys?: true;
}

/** The field that holds the view's body; every query path is prefixed with it. */
export const BODY_FIELD = 'doc';

/**
 * Keys MongoDB (and FerretDB) cannot store as they are: a `.` anywhere or a leading `$` (both have
 * meaning in the query language), a NUL (BSON keys are C strings), and our escape character `%`.
 */
const UNSAFE_KEY = /^\$|[.%\0]/;

/**
 * A string holding NUL is stored as `{ "%s": <percent-escaped> }`: PostgreSQL's jsonb (FerretDB's backend) cannot
 * hold NUL in a string. No key of a document can be `%s` (a `%` in a key is always escaped), so reads know it.
 */
const NUL_STRING = '%s';

/** How a string value is stored: itself, or the NUL-free wrapper when it holds NUL. */
export function storedString(value: string): string | { [NUL_STRING]: string } {
  if (!value.includes('\0')) return value;
  return { [NUL_STRING]: value.replace(/%/g, '%25').replace(/\0/g, '%00') };
}

function restoreStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restoreStrings);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const wrapped = (value as Record<string, unknown>)[NUL_STRING];
  if (keys.length === 1 && keys[0] === NUL_STRING && typeof wrapped === 'string') {
    return wrapped.replace(/%(25|00)/g, (_, hex: string) => (hex === '00' ? '\0' : '%'));
  }
  const restored: Record<string, unknown> = {};
  for (const key of keys) setOwn(restored, key, restoreStrings((value as Record<string, unknown>)[key]));
  return restored;
}

/** Percent-escapes the unsafe characters of a key; identifiers (every queryable path) never change. */
export function escapeKey(key: string): string {
  return key.replace(
    /^\$|[.%\0]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Inverse of `escapeKey`: an escaped key holds `%` only as the start of an escape. */
export function unescapeKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a JSON key named "__proto__" stays a plain property.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (typeof value !== 'object' || value === null) return value;
  const renamed: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(renamed, rename(key), renameKeys(item, rename));
  return renamed;
}

/**
 * The body as it is stored: a JSON copy (the same value the SQLite adapter keeps: `undefined` dropped,
 * non-finite numbers as null, dates as ISO strings), with unsafe keys escaped.
 */
export function toStored(doc: Record<string, unknown>): { body: Record<string, unknown>; escaped: boolean } {
  const { [REVISION_FIELD]: _ignored, ...rest } = doc;
  let escaped = false;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(JSON.stringify(rest), function (this: unknown, _key, value: unknown) {
      if (typeof value === 'string') {
        const stored = storedString(value);
        if (stored !== value) escaped = true;
        return stored;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const keys = Object.keys(value);
      if (!keys.some((key) => UNSAFE_KEY.test(key))) return value;
      escaped = true;
      const safe: Record<string, unknown> = {};
      for (const key of keys) setOwn(safe, escapeKey(key), (value as Record<string, unknown>)[key]);
      return safe;
    }) as Record<string, unknown>;
  } catch (error) {
    throw new ReadStoreError(
      'READSTORE.INVALID_ARGUMENT',
      `A document must be JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { body, escaped };
}

/** The stored body with its keys restored. */
export function restoreBody(
  stored: Pick<StoredView, '_escapedKeys'> & { doc?: unknown },
): Record<string, unknown> {
  const body = stored._escapedKeys ? renameKeys(restoreStrings(stored.doc), unescapeKey) : stored.doc;
  return (body ?? {}) as Record<string, unknown>;
}

/** The document `get` and `find` hand out: the body (keys restored) with the stored revision. */
export function fromStored(
  stored: Pick<StoredView, '_revision' | '_escapedKeys'> & { doc?: unknown },
): Record<string, unknown> & { _revision: number } {
  return { ...restoreBody(stored), [REVISION_FIELD]: stored._revision };
}
