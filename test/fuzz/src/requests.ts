import fc from 'fast-check';
import { bodyArb, type Body } from './bodies';
import { fillPath, pct, type Operation } from './openapi';
import { arbitraryOf, type JsonSchema, type SchemaContext } from './schema';
import { edgeString } from './unicode';

/** One request, ready to send, and what it was meant to test. */
export interface FuzzRequest {
  method: string;
  /** path and query string, percent-encoded */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** `POST /api/v1/appeals/{id}/route`, or `unknown route` */
  operation: string;
  /** who called: a role, `anonymous`, or a bad token's kind */
  caller: string;
  /** what was done to it: `valid`, or the mutations, e.g. `body:retype query:repeated` */
  tags: string[];
}

/** What the fuzzer knows about the running system. */
export interface FuzzContext {
  operations: Operation[];
  schema: SchemaContext;
  /** Authorization header values by caller label; `anonymous` sends none */
  callers: Record<string, string | undefined>;
  /** the server's JSON body limit in bytes */
  bodyLimit: number;
}

/** Header values may carry Latin-1 only: anything else is sent as its UTF-8 bytes read as Latin-1. */
const headerSafe = (text: string): string =>
  Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

const asParam = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

interface Part {
  value: string;
  raw?: boolean;
  tag?: string;
}

/** Path segments a router, a decoder or a file server may trip on (already encoded, sent as they are). */
const GARBAGE_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '..',
  '.',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2F..%2F',
  '%00',
  '%0d%0aSet-Cookie:%20x=1',
  'a'.repeat(4000),
  '%F0%9F%98',
  '%ED%A0%80',
  'undefined',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '{id}',
];

/** `arb`'s value once in `n` times, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 1, arbitrary: arb }, { weight: n - 1, arbitrary: fc.constant(null) });

/** Values from the hints under `key` (mostly) or from the schema. */
const hintedOr = (key: string, schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> => {
  const hinted = ctx.hints[key] ?? [];
  const generated = arbitraryOf(schema, ctx);
  return hinted.length
    ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: generated })
    : generated;
};

const pathParamArb = (
  param: { name: string; schema: JsonSchema },
  ctx: SchemaContext,
): fc.Arbitrary<Part> => {
  const valid = hintedOr(`path:${param.name}`, param.schema, ctx).map((v) => ({ value: asParam(v) }));
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...GARBAGE_SEGMENTS)
        .map((value) => ({ value, raw: true, tag: 'path:garbage' })),
    },
    { weight: 1, arbitrary: edgeString.map((value) => ({ value, tag: 'path:unicode' })) },
  );
};

/** The query string: documented parameters (mostly valid), and sometimes wrong types, repeats, brackets, junk. */
const queryArb = (op: Operation, ctx: SchemaContext): fc.Arbitrary<{ text: string; tags: string[] }> => {
  const one = (param: { name: string; schema: JsonSchema }) =>
    sometimes(
      fc.oneof(
        {
          weight: 8,
          arbitrary: hintedOr(`query:${param.name}`, param.schema, ctx).map((v) => ({
            pairs: [[param.name, asParam(v)]],
          })),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(edgeString, edgeString).map(([a, b]) => ({
            pairs: [
              [param.name, a],
              [param.name, b],
            ],
            tag: 'query:repeated',
          })),
        },
        {
          weight: 1,
          arbitrary: edgeString.map((v) => ({ pairs: [[`${param.name}[x]`, v]], tag: 'query:bracket' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('-1', '1e400', 'NaN', 'true', '', '0x10', '9'.repeat(400), 'a'.repeat(20_000))
            .map((v) => ({ pairs: [[param.name, v]], tag: 'query:wrong-type' })),
        },
      ),
      2,
    );
  const extra = sometimes(
    fc.tuple(edgeString, edgeString).map(([k, v]) => ({ pairs: [[k || 'x', v]], tag: 'query:unknown' })),
    8,
  );
  return fc.tuple(fc.tuple(...op.query.map(one)), extra).map(([params, unknown]) => {
    const chosen = [...params, unknown].filter((p): p is { pairs: string[][]; tag?: string } => p !== null);
    const text = chosen
      .flatMap((p) => p.pairs)
      .map(([k, v]) => `${pct(k!)}=${pct(v!)}`)
      .join('&');
    return { text, tags: chosen.flatMap((p) => (p.tag ? [p.tag] : [])) };
  });
};

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'application/json, text/html',
  ';;;',
  'application/xml',
  'APPLICATION/JSON',
];

/** Headers besides Authorization: a content type (mostly JSON), idempotency keys, request ids, encodings. */
const headersArb = (
  op: Operation,
  hasBody: boolean,
): fc.Arbitrary<{ headers: Record<string, string>; tags: string[] }> =>
  fc
    .record({
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant<string | null>(hasBody ? 'application/json' : null) },
        { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES).map((t) => t ?? null) },
      ),
      idempotencyKey: sometimes(fc.oneof(fc.uuid(), edgeString, fc.constant('k'.repeat(300))), 4),
      requestId: sometimes(edgeString, 10),
      encoding: sometimes(
        fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
        25,
      ),
      accept: sometimes(fc.constantFrom('text/html', '*/*', 'application/xml', 'image/png;q=0', ''), 10),
    })
    .map(({ contentType, idempotencyKey, requestId, encoding, accept }) => {
      const headers: Record<string, string> = {};
      const tags: string[] = [];
      if (contentType !== null) headers['content-type'] = headerSafe(contentType);
      if (contentType !== (hasBody ? 'application/json' : null)) tags.push('header:content-type');
      if (idempotencyKey !== null && op.headers.some((h) => h.name === 'Idempotency-Key'))
        headers['idempotency-key'] = headerSafe(idempotencyKey);
      if (requestId !== null) {
        headers['x-request-id'] = headerSafe(requestId);
        tags.push('header:request-id');
      }
      if (encoding !== null) {
        headers['content-encoding'] = encoding;
        tags.push('header:content-encoding');
      }
      if (accept !== null) headers.accept = accept;
      return { headers, tags };
    });

/** Signed-in callers six times as often as anonymous ones and bad tokens (labels starting with `bad:`). */
const callerArb = (ctx: FuzzContext): fc.Arbitrary<string> => {
  const labels = Object.keys(ctx.callers);
  const signedIn = labels.filter((l) => l !== 'anonymous' && !l.startsWith('bad:'));
  const others = labels.filter((l) => !signedIn.includes(l));
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...signedIn) },
    { weight: 1, arbitrary: fc.constantFrom(...others) },
  );
};

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A request to one operation of the document. */
const operationRequestArb = (op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> => {
  const body = op.body
    ? bodyArb(arbitraryOf(op.body, ctx.schema), ctx.bodyLimit)
    : sometimes(
        bodyArb(fc.jsonValue({ maxDepth: 2 }), ctx.bodyLimit).map((b) => ({ ...b, tag: 'body:unexpected' })),
        10,
      );
  return fc
    .record({
      caller: callerArb(ctx),
      path: fc.tuple(
        ...op.pathParams.map((p) => pathParamArb(p, ctx.schema).map((part) => [p.name, part] as const)),
      ),
      query: queryArb(op, ctx.schema),
      body: body as fc.Arbitrary<Body | null>,
      method: fc.oneof(
        { weight: 30, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
      ),
    })
    .chain((parts) =>
      headersArb(op, parts.body !== null).map((h) => {
        const path = fillPath(op.path, Object.fromEntries(parts.path));
        const headers = { ...h.headers };
        const auth = ctx.callers[parts.caller];
        if (auth !== undefined) headers.authorization = auth;
        const tags = [
          ...parts.path.flatMap(([, part]) => (part.tag ? [part.tag] : [])),
          ...parts.query.tags,
          ...(parts.body && parts.body.tag !== 'body:valid' ? [parts.body.tag] : []),
          ...h.tags,
          ...(parts.method !== op.method ? ['method:other'] : []),
        ];
        return {
          method: parts.method,
          path: parts.query.text ? `${path}?${parts.query.text}` : path,
          headers,
          ...(parts.body ? { body: parts.body.bytes } : {}),
          operation: `${op.method} ${op.path}`,
          caller: parts.caller,
          tags: tags.length ? tags : ['valid'],
        } satisfies FuzzRequest;
      }),
    );
};

/** Paths no operation documents: other versions, traversal, the web app's files, double slashes. */
const UNKNOWN_PATHS = [
  '/',
  '/index.html',
  '/assets/app.js',
  '/favicon.ico',
  '/health',
  '/openapi.json',
  '/asyncapi.json',
  '/api',
  '/api/v1',
  '/api/v1/',
  '/api/v2/appeals',
  '/api/v1/appeals/',
  '//api//v1//appeals',
  '/api/v1/../../etc/passwd',
  '/api/v1/%2e%2e/%2e%2e/openapi.json',
  '/api/v1/appeals/%',
  '/api/v1/admin',
  '/api/v1/auth/dev-token/extra',
  '/%00',
  '/.env',
  '/api/v1/appeals?__proto__[x]=1',
];

const unknownRouteArb = (ctx: FuzzContext): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      path: fc.oneof(
        fc.constantFrom(...UNKNOWN_PATHS),
        edgeString.map((s) => `/api/v1/${pct(s)}`),
      ),
      method: fc.constantFrom(...OTHER_METHODS),
      caller: callerArb(ctx),
    })
    .map(
      ({ path, method, caller }): FuzzRequest => ({
        method,
        path,
        headers: ctx.callers[caller] === undefined ? {} : { authorization: ctx.callers[caller]! },
        operation: 'unknown route',
        caller,
        tags: ['route:unknown'],
      }),
    );

/** Every request the fuzzer sends: to every operation (equally often) as every caller, and to unknown routes. */
export function requestArb(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.oneof(...ctx.operations.map((op) => operationRequestArb(op, ctx))) },
    { weight: 1, arbitrary: unknownRouteArb(ctx) },
  );
}
