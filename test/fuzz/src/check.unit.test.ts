import { checkOutcome, describeRequest, type Outcome } from './check';
import type { FuzzRequest } from './requests';

// The checker is what makes the fuzzer fail: each rule is shown catching what it must, and letting pass the rest.

const request: FuzzRequest = {
  method: 'POST',
  path: '/api/v1/appeals',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{"kind":"application"}'),
  operation: 'POST /api/v1/appeals',
  caller: 'citizen-1',
  tags: ['body:drop'],
};

const response = (status: number, contentType: string | undefined, body: unknown): Outcome => ({
  kind: 'response',
  status,
  contentType,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  ms: 3,
});

const problem = (status: number) => ({
  type: 'urn:appeals:problem:validation',
  title: 'Invalid request',
  status,
});

describe('checkOutcome', () => {
  it.each([500, 502, 503, 504])('flags a %i, even as problem+json', (status) => {
    expect(
      checkOutcome(request, response(status, 'application/problem+json', problem(status))),
    ).toMatchObject({
      rule: 'no-5xx',
    });
  });

  it.each([
    ['an HTML error page', 'text/html; charset=utf-8', '<!DOCTYPE html><pre>Bad Request</pre>'],
    ['plain JSON', 'application/json', problem(400)],
    ['no content type', undefined, ''],
  ])('flags a 400 sent as %s', (_name, contentType, body) => {
    expect(checkOutcome(request, response(400, contentType, body))).toMatchObject({ rule: 'problem-json' });
  });

  it.each([
    ['a body that is not JSON', 'not json'],
    ['a problem without a title', { type: 'x', status: 400 }],
    ['a problem whose status differs', problem(404)],
    ['an array', [problem(400)]],
  ])('flags a problem+json 400 with %s', (_name, body) => {
    expect(checkOutcome(request, response(400, 'application/problem+json', body))).toMatchObject({
      rule: 'problem-json',
    });
  });

  it('flags a request that got no answer', () => {
    expect(checkOutcome(request, { kind: 'failure', error: 'socket hang up', ms: 12 })).toMatchObject({
      rule: 'answered',
    });
  });

  it('passes a 4xx problem (with a charset too), a 2xx of any type, and a HEAD 4xx without a body', () => {
    expect(
      checkOutcome(request, response(409, 'application/problem+json; charset=utf-8', problem(409))),
    ).toBe(undefined);
    expect(checkOutcome(request, response(200, 'text/html', '<html></html>'))).toBe(undefined);
    expect(checkOutcome({ ...request, method: 'HEAD' }, response(404, 'application/problem+json', ''))).toBe(
      undefined,
    );
  });
});

describe('describeRequest', () => {
  it('gives a curl line that replays the request, with its operation, caller and mutations', () => {
    const text = describeRequest({ ...request, headers: { ...request.headers, 'x-note': "it's" } });
    expect(text).toContain("curl -i -X POST 'http://127.0.0.1:PORT/api/v1/appeals'");
    expect(text).toContain(`-H 'x-note: it'\\''s'`);
    expect(text).toContain(`--data-binary '{"kind":"application"}'`);
    expect(text).toContain('# POST /api/v1/appeals as citizen-1; body:drop');
  });

  it('shortens a huge body, naming its size', () => {
    const text = describeRequest({ ...request, body: Buffer.alloc(100_000, 'a') });
    expect(text).toContain('… (100000 bytes)');
    expect(text.length).toBeLessThan(3_000);
  });
});
