import fc from 'fast-check';
import { edgeString } from './unicode';

/** A request body as bytes, with what was done to it (for the statistics and the reproduction). */
export interface Body {
  bytes: Buffer;
  /** `valid`, or the mutation applied */
  tag: string;
}

const json = (value: unknown, tag: string): Body => ({
  bytes: Buffer.from(JSON.stringify(value) ?? 'null'),
  tag,
});

/** Values of every JSON type, and the strange ones. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, 1e308, -1e308, true, false, '', [], {}, [[]], { '': '' }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 2 ** 64, '2026-02-30', '0000-00-00T00:00:00Z'),
  edgeString,
  fc.jsonValue({ maxDepth: 3 }),
);

type Path = Array<string | number>;

/** Every place in a JSON value (containers' members), root first. */
const pathsOf = (value: unknown, prefix: Path = []): Path[] => {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
};

const parentOf = (root: unknown, path: Path): Record<string | number, unknown> | undefined => {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node !== null && typeof node === 'object' ? node : undefined;
};

type Mutation = 'drop' | 'retype' | 'extra' | 'wrap' | 'proto';

/** Applies one structural mutation at the `pick`-th place of a copy of `value`. */
export function mutateValue(value: unknown, mutation: Mutation, pick: number, replacement: unknown): Body {
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  if (mutation === 'proto') {
    const text = JSON.stringify(copy) ?? 'null';
    const injected = text.startsWith('{')
      ? `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},${text.slice(1)}`
      : `{"__proto__":${text}}`;
    return { bytes: Buffer.from(injected.replace(',}', '}')), tag: 'body:proto-keys' };
  }
  if (path.length === 0) {
    if (mutation === 'wrap') return json([copy], 'body:wrapped');
    return json(
      mutation === 'extra' ? { ...(copy as object), extra: replacement } : replacement,
      'body:root',
    );
  }
  const parent = parentOf(copy, path);
  const key = path.at(-1)!;
  if (!parent) return json(copy, 'body:valid');
  if (mutation === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (mutation === 'retype') parent[key] = replacement;
  else if (mutation === 'wrap') parent[key] = [parent[key]];
  else if (Array.isArray(parent)) parent.push(replacement);
  else parent[`x-${String(key)}`] = replacement;
  return json(copy, `body:${mutation}`);
}

/** Text that is not quite JSON, or not JSON at all, or JSON of the wrong shape at the top. */
const MALFORMED = [
  '',
  '{',
  '}',
  '{"kind": "application",',
  "{'kind': 'application'}",
  '{"a":1,}',
  '[1,2,]',
  '{"a":01}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"}',
  '{"a":"line\nbreak"}',
  '{"a" "b"}',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  'null',
  'true',
  '42',
  '"a string"',
  '\ufeff{"a":1}',
  '{"a":1e999999}',
  '{"a":-}',
  '{"__proto__":null}',
  '/* comment */ {}',
  'kind=application&subject=x',
  '<?xml version="1.0"?><a/>',
  '\u0000\u0000\u0000',
];

const malformed = fc
  .constantFrom(...MALFORMED)
  .map((text) => ({ bytes: Buffer.from(text), tag: 'body:malformed' }));

/** Bytes that are not UTF-8 inside otherwise fine JSON. */
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 16 }).map((junk) => ({
  bytes: Buffer.concat([Buffer.from('{"subject":"'), Buffer.from([0xff, 0xc3, ...junk]), Buffer.from('"}')]),
  tag: 'body:invalid-utf8',
}));

/**
 * Bodies at and past the size limit: a long string near the limit (ASCII and two-byte Cyrillic), one byte over,
 * far over, and many small members.
 */
const huge = (limit: number): fc.Arbitrary<Body> =>
  fc.constantFrom('near', 'near-cyrillic', 'over', 'far-over', 'many-members').map((kind) => {
    const pad = (n: number, ch = 'a') => JSON.stringify({ text: ch.repeat(Math.max(0, n)) });
    const text =
      kind === 'near'
        ? pad(limit - 20)
        : kind === 'near-cyrillic'
          ? pad((limit - 20) / 2, 'ы')
          : kind === 'over'
            ? pad(limit - 11)
            : kind === 'far-over'
              ? pad(limit * 8)
              : JSON.stringify(
                  Object.fromEntries(Array.from({ length: limit / 16 }, (_, i) => [`k${i}`, i])),
                );
    return { bytes: Buffer.from(text), tag: `body:huge-${kind}` };
  });

/** Deeply nested arrays or objects, within the size limit (or past it). */
const deep = (limit: number): fc.Arbitrary<Body> =>
  fc
    .tuple(
      fc.constantFrom('array', 'object', 'in-field'),
      fc.integer({ min: 100, max: Math.floor(limit / 2) }),
    )
    .map(([kind, depth]) => {
      const text =
        kind === 'array'
          ? '['.repeat(depth) + ']'.repeat(depth)
          : kind === 'object'
            ? '{"a":'.repeat(Math.floor(depth / 5)) + '1' + '}'.repeat(Math.floor(depth / 5))
            : `{"reason":${'['.repeat(depth / 2)}"x"${']'.repeat(depth / 2)}}`;
      return { bytes: Buffer.from(text), tag: `body:deep-${kind}` };
    });

/**
 * The body of a request to an operation taking `valid` values: mostly well-formed, else mutated, malformed, not
 * UTF-8, huge or deep. `limit` is the server's body limit in bytes.
 */
export function bodyArb(valid: fc.Arbitrary<unknown>, limit: number): fc.Arbitrary<Body> {
  const mutated = fc
    .tuple(valid, fc.constantFrom<Mutation>('drop', 'retype', 'extra', 'wrap', 'proto'), fc.nat(), wrongValue)
    .map(([value, mutation, pick, replacement]) => mutateValue(value, mutation, pick, replacement));
  return fc.oneof(
    { weight: 30, arbitrary: valid.map((value) => json(value, 'body:valid')) },
    { weight: 12, arbitrary: mutated },
    { weight: 4, arbitrary: malformed },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 2, arbitrary: huge(limit) },
    { weight: 2, arbitrary: deep(limit) },
  );
}
