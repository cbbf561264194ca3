import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, ApiProblem, apiUrl, setApiBase, toProblem } from './client';

// A real HTTP server stands in for the API, so the client's fetch, headers and parsing are exercised for real.
let server: Server;
let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/api/v1/ok')) {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'a1', echo: body ? JSON.parse(body) : null }));
      } else if (req.url === '/api/v1/invalid') {
        res.writeHead(400, { 'content-type': 'application/problem+json' }).end(
          JSON.stringify({
            type: 'urn:appeals:problem:validation',
            title: 'Invalid request',
            status: 400,
            detail: 'The request has 2 invalid fields.',
            errors: [
              { field: 'body.text', message: 'Too small: expected string to have >=10 characters', code: 'too_small' },
              { field: 'body.applicant.fullName', message: 'Too small', code: 'too_small' },
            ],
          }),
        );
      } else if (req.url === '/api/v1/conflict') {
        res.writeHead(409, { 'content-type': 'application/problem+json' }).end(
          JSON.stringify({ code: 'APPEAL.NOT_ANSWERED', type: 'urn:x', title: 'The appeal rules do not allow this', status: 409, detail: 'Only an answered appeal can be rated' }),
        );
      } else {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  setApiBase(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
});

describe('api()', () => {
  it('sends JSON with the bearer token and idempotency key, and resolves the reply', async () => {
    const reply = await api<{ id: string; echo: unknown }>('/ok', { body: { score: 4 }, token: 'T', idempotencyKey: 'K', trackingCode: 'C0DE42' });
    expect(reply).toEqual({ id: 'a1', echo: { score: 4 } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/ok' });
    expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer T', 'idempotency-key': 'K', 'x-tracking-code': 'C0DE42', 'content-type': 'application/json' });
  });

  it('GETs without a body and leaves empty query values out', async () => {
    await api('/ok', { query: { registrationNumber: '2026-1', trackingCode: 'A B', status: undefined, agencyId: '' } });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/ok?registrationNumber=2026-1&trackingCode=A+B', body: '' });
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('throws an ApiProblem that names each invalid field', async () => {
    const err = await api('/invalid', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    const p = err as ApiProblem;
    expect(p.status).toBe(400);
    expect(p.title).toBe('Invalid request');
    expect(p.fieldError('body.text')).toBe('Too small: expected string to have >=10 characters');
    expect(p.fieldError('body.applicant')).toBe('Too small');
    expect(p.fieldError('body.subject')).toBeUndefined();
  });

  it('keeps the domain code of a rule violation', async () => {
    const p = (await api('/conflict', { body: { score: 1 } }).catch((e: unknown) => e)) as ApiProblem;
    expect(p).toMatchObject({ status: 409, code: 'APPEAL.NOT_ANSWERED', detail: 'Only an answered appeal can be rated', errors: [] });
  });

  it('turns a non-JSON error page into a problem with its status', async () => {
    const p = (await api('/elsewhere').catch((e: unknown) => e)) as ApiProblem;
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(502);
    expect(p.detail).toBe('<h1>Bad gateway</h1>');
  });

  it('reports an unreachable API as status 0', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    setApiBase(`http://127.0.0.1:${port}`);
    try {
      const p = (await api('/ok').catch((e: unknown) => e)) as ApiProblem;
      expect(p).toBeInstanceOf(ApiProblem);
      expect(p.status).toBe(0);
    } finally {
      setApiBase(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  });
});

describe('toProblem', () => {
  it('drops malformed field entries and keeps the rest', () => {
    const p = toProblem(400, 'Bad Request', { title: 'Invalid', errors: [{ field: 'query.limit', message: 'Too big' }, { nope: 1 }, 'x'] });
    expect(p.errors).toEqual([{ field: 'query.limit', message: 'Too big' }]);
    expect(p.status).toBe(400);
  });
  it('falls back to the HTTP status text', () => {
    expect(toProblem(404, 'Not Found', undefined)).toMatchObject({ status: 404, title: 'Not Found', errors: [] });
  });
});

describe('apiUrl', () => {
  it('prefixes /api/v1 and encodes the query', () => {
    setApiBase('');
    expect(apiUrl('/appeals/lookup', { registrationNumber: 'A&B', limit: 5 })).toBe('/api/v1/appeals/lookup?registrationNumber=A%26B&limit=5');
  });
});
