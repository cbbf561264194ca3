import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, storedJson } from './canonicalJson';
import { canonicalLinkText } from './globalChain';
import { CHAIN_VERSION, canonicalEventText, chainBatch, eventHash } from './streamChain';

/** JSON values with the member names that matter: digits first, "__proto__", unicode, escapes, surrogates. */
const name = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '0',
    '1',
    '9',
    '10',
    '01',
    '1a',
    '__proto__',
    'é',
    '\u20ac',
    '\ud83d\ude00',
    '\r\n',
    '"',
    '',
  ),
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value')),
    fc.dictionary(name, tie('value')),
  ),
})).value;

const library = (value: unknown): string | undefined => canonicalize(value);

describe('canonicalJson (RFC 8785)', () => {
  it('writes what the canonicalize library writes, for any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(library(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders members by UTF-16 code units, array-index names included ("10" before "9")', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 0, y: 1 }], c: 2 } })).toBe(
      '{"a":{"c":2,"d":[3,{"y":1,"z":0}]},"b":1}',
    );
    expect(canonicalJson({ 9: 'x', 10: 'y', a: 1 })).toBe('{"10":"y","9":"x","a":1}');
    // U+20AC (one code unit 0x20AC) sorts after U+1F600 (surrogates 0xD83D…): code units, not code points
    expect(canonicalJson({ '\u20ac': 1, '\ud83d\ude00': 2 })).toBe('{"\u20ac":1,"\ud83d\ude00":2}');
  });

  it('keeps a member named "__proto__" as a member', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1}}') as unknown;
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it('writes numbers as ECMAScript does and refuses what JSON cannot carry', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2])).toBe('[1e+21,1e-7,0,0.30000000000000004]');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('storedJson', () => {
  it('is the canonical text of what JSON stores of the value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(storedJson(value)).toBe(library(JSON.parse(JSON.stringify(value)) as unknown));
      }),
      { numRuns: 1000 },
    );
  });

  it('stores NaN, Infinity and undefined as JSON does, instead of refusing them', () => {
    expect(storedJson({ b: Number.NaN, a: undefined, c: [undefined, Number.NEGATIVE_INFINITY] })).toBe(
      '{"b":null,"c":[null,null]}',
    );
    expect(storedJson({ 2: Number.NaN, 10: 1 })).toBe('{"10":1,"2":null}');
    expect(storedJson(undefined)).toBe('null');
  });
});

describe('the texts the hashes are taken over, put together without a second serialisation', () => {
  const fields = fc.record({
    id: fc.string(),
    type: fc.string(),
    streamId: fc.string(),
    streamPosition: fc.nat(),
    time: fc.string(),
    data: json,
    metadata: json,
    prevStreamHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
  });

  it('an event: the canonical text of {v, id, type, streamId, streamPosition, time, data, metadata, prevStreamHash}', () => {
    fc.assert(
      fc.property(fields, (e) => {
        expect(canonicalEventText(e)).toBe(library({ v: CHAIN_VERSION, ...e }));
      }),
      { numRuns: 500 },
    );
  });

  it('an append hashes the stored texts as a verifier hashes the parsed event', () => {
    fc.assert(
      fc.property(fields, (e) => {
        const [chained] = chainBatch(e.streamId, e.streamPosition, e.prevStreamHash, [
          {
            id: e.id,
            type: e.type,
            time: e.time,
            dataJson: storedJson(e.data),
            metadataJson: storedJson(e.metadata),
          },
        ]);
        expect(chained?.hash).toBe(eventHash(e));
      }),
      { numRuns: 500 },
    );
  });

  it('a global chain link: the canonical text of {v, seq, eventId, globalPosition, eventHash, prev}', () => {
    const link = fc.record({
      seq: fc.nat(),
      eventId: fc.string(),
      globalPosition: fc.nat(),
      eventHash: fc.string(),
      prev: fc.option(fc.string(), { nil: null }),
    });
    fc.assert(
      fc.property(link, ({ prev, ...l }) => {
        expect(canonicalLinkText(l, prev)).toBe(library({ v: CHAIN_VERSION, ...l, prev }));
      }),
      { numRuns: 500 },
    );
  });
});
