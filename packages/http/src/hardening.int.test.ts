import request from 'supertest';
import { z } from 'zod';
import { createHttpApp, finalize } from './app';
import { createDevTokenIssuer, createTokenVerifier } from './auth';
import { HttpEdgeEnvShape, edgeOptions } from './hardening';
import { silentLogger } from './logger';

const issuer = createDevTokenIssuer();
const makeApp = (options: Parameters<typeof createHttpApp>[0] = {}) => {
  const app = createHttpApp({ logger: silentLogger, verifier: createTokenVerifier(issuer), ...options });
  app.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.get('/boom', () => {
    const err = new Error('secret detail: password=hunter2 at /srv/app/src/db.ts');
    throw err;
  });
  return finalize(app);
};

describe('security headers', () => {
  it('sends a CSP that allows only a same-origin SPA, plus HSTS, nosniff, frame denial, no referrer', async () => {
    const res = await request(makeApp()).get('/ping');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends them on problem answers too', async () => {
    const res = await request(makeApp()).get('/missing');
    expect(res.status).toBe(404);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin for any origin, preflight included', async () => {
    const app = makeApp();
    const simple = await request(app).get('/ping').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app)
      .options('/echo')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers only the origins on the allow-list', async () => {
    const app = makeApp({ corsOrigins: ['https://portal.example'] });
    const allowed = await request(app)
      .options('/echo')
      .set('Origin', 'https://portal.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const other = await request(app).get('/ping').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit per client', () => {
  it('answers 429 problem+json with Retry-After once a client is over its limit', async () => {
    const app = makeApp({ rateLimit: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await request(app).get('/ping')).status).toBe(200);
    const over = await request(app).get('/ping');
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(over.body).toMatchObject({ status: 429, type: 'urn:appeals:problem:rate-limited', limit: 3 });
    expect(over.body.requestId).toBe(over.headers['x-request-id']);
  });

  it('counts a signed-in caller by token subject, not by address: one caller over the limit does not stop another', async () => {
    const app = makeApp({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const alice = (await issuer.issue({ sub: 'alice', role: 'applicant' })).token;
    const bob = (await issuer.issue({ sub: 'bob', role: 'applicant' })).token;
    const as = (token: string) => request(app).get('/ping').set('Authorization', `Bearer ${token}`);
    expect((await as(alice)).status).toBe(200);
    expect((await as(alice)).status).toBe(200);
    expect((await as(alice)).status).toBe(429);
    expect((await as(bob)).status).toBe(200); // same address, other subject
    expect((await request(app).get('/ping')).status).toBe(200); // anonymous: counted by address
  });

  it('counts requests with a refused token too (per address), so a flood of forged tokens is stopped', async () => {
    const app = makeApp({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const forged = (await createDevTokenIssuer().issue({ sub: 'x', role: 'admin' })).token;
    const send = () => request(app).get('/ping').set('Authorization', `Bearer ${forged}`);
    expect((await send()).status).toBe(401);
    expect((await send()).status).toBe(401);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('can be turned off', async () => {
    const app = makeApp({ rateLimit: { limit: 0 } });
    for (let i = 0; i < 5; i++) expect((await request(app).get('/ping')).status).toBe(200);
  });
});

describe('body size limit', () => {
  it('answers 413 problem+json naming the limit for a body over it', async () => {
    const app = makeApp({ bodyLimit: '1kb' });
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:appeals:problem:body-too-large', limit: 1024 });
    expect((await request(app).post('/echo').send({ text: 'small' })).status).toBe(200);
  });
});

describe('errors', () => {
  it('never sends a stack trace or an internal message', async () => {
    const res = await request(makeApp()).get('/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/hunter2|db\.ts|secret detail|\bat \S+ \(/);
    expect(Object.keys(res.body).sort()).toEqual(['instance', 'requestId', 'status', 'title', 'type']);
  });
});

describe('request ids', () => {
  it('puts one on every answer, 2xx, 4xx and 5xx alike', async () => {
    const app = makeApp();
    for (const path of ['/ping', '/missing', '/boom'])
      expect((await request(app).get(path)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('configuration from the environment', () => {
  const schema = z.object(HttpEdgeEnvShape);

  it('defaults to no CORS, a generous limit and 64 kB bodies', () => {
    expect(edgeOptions(schema.parse({}))).toEqual({
      bodyLimit: '64kb',
      corsOrigins: [],
      rateLimit: { limit: 20_000, windowMs: 60_000 },
    });
  });

  it('reads an origin list and refuses a malformed origin, naming the variable', () => {
    expect(schema.parse({ CORS_ORIGINS: 'https://a.example, http://localhost:5173/' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    const bad = schema.safeParse({ CORS_ORIGINS: 'https://a.example/path', BODY_LIMIT: 'lots' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['BODY_LIMIT', 'CORS_ORIGINS']);
  });
});
