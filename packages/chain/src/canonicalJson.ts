import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: the text every hash of the tamper-evident history is
 * taken over (docs/adr/0005, 0015).
 *
 * RFC 8785 serialises strings and numbers exactly as ECMAScript's JSON.stringify does and orders each object's
 * members by the UTF-16 code units of their names, which is Array.prototype.sort's default order. So the fast path is
 * the engine's own JSON.stringify with a replacer that hands it each object with its members in that order; only an
 * object with a member whose name starts with a digit goes to the `canonicalize` library instead, because an object
 * always lists array-index names first in numeric order ("9" before "10"), which no key order can change. The two
 * agree on every JSON value (canonicalJson.unit.test.ts checks it on generated values); the fast path costs about
 * half the library's time on this project's events.
 */

/** Thrown inside JSON.stringify when a value needs the library's path. */
class NeedsLibrary extends Error {}

const startsWithDigit = (name: string): boolean => {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57;
};

/** The value with its members in canonical order (a fresh object only when they were not in order already). */
function inCanonicalOrder(_name: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const names = Object.keys(value);
  let ordered = true;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (startsWithDigit(name)) throw new NeedsLibrary();
    if (i > 0 && (names[i - 1] as string) > name) ordered = false;
  }
  if (ordered) return value;
  names.sort();
  // a null prototype keeps a member named "__proto__" a member
  const copy = Object.create(null) as Record<string, unknown>;
  for (const name of names) copy[name] = (value as Record<string, unknown>)[name];
  return copy;
}

/** As inCanonicalOrder, refusing the numbers JSON cannot carry (JSON.stringify would write null). */
function inCanonicalOrderStrict(name: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError(`canonicalJson: ${value} has no JSON form`);
  return inCanonicalOrder(name, value);
}

/** JSON.stringify in canonical member order, or the library on `libraryInput()` where that order cannot be had. */
function serialise(
  value: unknown,
  replacer: (name: string, value: unknown) => unknown,
  libraryInput: () => unknown,
): string | undefined {
  try {
    return JSON.stringify(value, replacer) as string | undefined;
  } catch (error) {
    if (!(error instanceof NeedsLibrary)) throw error;
    return canonicalize(libraryInput());
  }
}

/** RFC 8785 text of a JSON value; refuses what JSON cannot carry (NaN, Infinity, a bare undefined). */
export function canonicalJson(value: unknown): string {
  const text = serialise(value, inCanonicalOrderStrict, () => value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

/**
 * The RFC 8785 text of what JSON stores of a value: `canonicalJson(JSON.parse(JSON.stringify(value)))`, with
 * JSON.stringify's leniency (NaN and Infinity become null, a bare undefined becomes null), in one pass. Event stores
 * keep event data and metadata as this text, so the event's hash is taken over the stored text itself (no parse and
 * re-serialisation on append, and a verifier can hash the text it reads; streamChain.ts).
 */
export const storedJson = (value: unknown): string =>
  serialise(value, inCanonicalOrder, () => JSON.parse(JSON.stringify(value)) as unknown) ?? 'null';
