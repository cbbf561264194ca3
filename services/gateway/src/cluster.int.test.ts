import { createApiRegistry, createTokenVerifier, openApiRoute, silentLogger } from '@appeals/http';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createClusterGateway, Upstream, UPSTREAMS, upstreamFor, type UpstreamName } from './cluster';

describe('which service answers a route', () => {
  it.each([
    ['POST', '/api/v1/appeals', 'intake'],
    ['GET', '/api/v1/catalog', 'intake'],
    ['GET', '/api/v1/calendars/kz-appk', 'intake'],
    ['PUT', '/api/v1/admin/calendars/kz-appk/2028', 'intake'],
    ['POST', '/api/v1/admin/applicants/3f2e1d0c-9b8a-4766-a554-433221100fed/erase', 'intake'],
    ['POST', '/api/v1/admin/projections/rebuild', 'projections'],
    ['GET', '/api/v1/admin/projections/rebuild/0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11', 'projections'],
    ['POST', '/api/v1/appeals/42/route', 'routing'],
    ['POST', '/api/v1/appeals/42/needs-triage', 'routing'],
    ['POST', '/api/v1/appeals/42/forward', 'routing'],
    ['POST', '/api/v1/appeals/42/assign', 'response'],
    ['POST', '/api/v1/appeals/42/complain/', 'response'],
    ['GET', '/api/v1/appeals/42', 'projections'],
    ['GET', '/api/v1/appeals/lookup', 'projections'],
    ['GET', '/api/v1/me/appeals', 'projections'],
    ['GET', '/api/v1/agencies/mon/inbox', 'projections'],
    ['GET', '/api/v1/audit/appeals/42/history', 'audit'],
    ['GET', '/api/v1/appeals', 'projections'],
    ['HEAD', '/api/v1/appeals/', 'projections'],
    ['GET', '/api/v1/stats/agencies', 'projections'],
    ['GET', '/api/v1/analytics/topics', 'projections'],
    ['GET', '/api/v1/analytics/surges', 'projections'],
    ['GET', '/api/v1/open-data/monthly.csv', 'projections'],
    ['GET', '/api/v1/faq', 'projections'],
    ['GET', '/api/v1/faq/candidates', 'projections'],
    ['POST', '/api/v1/faq/entries', 'response'],
    ['POST', '/api/v1/faq/entries/0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11/link', 'response'],
    ['GET', '/open311/v2/services.json', 'intake'],
    ['GET', '/open311/v2/services/roads_transport.xml', 'intake'],
    ['POST', '/open311/v2/requests.json', 'intake'],
    ['GET', '/open311/v2/requests.xml', 'projections'],
    ['GET', '/open311/v2/requests/42.json', 'projections'],
    ['GET', '/open311/v2/tokens/20261207-K7M2Q9.json', 'projections'],
  ])('%s %s → %s', (method, path, service) => {
    expect(upstreamFor(method, path)).toBe(service);
  });

  it.each([
    ['DELETE', '/api/v1/appeals/42'],
    ['POST', '/api/v1/catalog'],
    ['GET', '/api/v1/unknown'],
    ['GET', '/health'],
    ['POST', '/api/v1/auth/dev-token'],
    ['GET', '/api/v1/auth/dev-users'],
    ['POST', '/api/v1/stats/agencies'],
    ['POST', '/api/v1/analytics/topics'],
    ['POST', '/api/v1/open-data/monthly.json'],
    ['DELETE', '/api/v1/faq/entries/0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11'],
    ['POST', '/open311/v2/services.json'],
    ['DELETE', '/open311/v2/requests.json'],
    ['GET', '/open311/v2/discovery.json'],
  ])('%s %s → none (the gateway answers)', (method, path) => {
    expect(upstreamFor(method, path)).toBeUndefined();
  });
});

describe('the replicas of a service', () => {
  it('are taken in turn, skipping one that refused a connection for a moment', () => {
    const upstream = new Upstream('routing', ['http://a', 'http://b', 'http://c']);
    expect([upstream.pick(0), upstream.pick(0), upstream.pick(0), upstream.pick(0)]).toEqual([
      'http://a',
      'http://b',
      'http://c',
      'http://a',
    ]);
    upstream.markDown('http://b', 0);
    expect([upstream.pick(1), upstream.pick(1), upstream.pick(1)]).toEqual([
      'http://c',
      'http://a',
      'http://c',
    ]);
    expect(upstream.pick(10_000)).toBe('http://a');
    expect(upstream.pick(10_000)).toBe('http://b'); // back after the pause
  });
});

/** A fake service: echoes what reached it, serves /ready and /openapi.json. */
function fakeService(name: UpstreamName, options: { ready?: boolean; slowMs?: number } = {}) {
  const app = express();
  const registry = createApiRegistry({ title: name, version: '1' });
  registry.register({
    method: 'get',
    path: `/api/v1/${name}-only`,
    summary: `${name} route`,
    tags: [name],
    responses: { 200: { description: 'ok' } },
  });
  app.get('/openapi.json', openApiRoute(registry));
  app.get('/ready', (_req, res) => {
    res.status(options.ready === false ? 503 : 200).json({});
  });
  app.use(async (req, res) => {
    if (options.slowMs) await new Promise((r) => setTimeout(r, options.slowMs));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.json({
      service: name,
      method: req.method,
      url: req.originalUrl,
      body: Buffer.concat(chunks).toString('utf8'),
      headers: req.headers,
    });
  });
  return app;
}

const servers: Server[] = [];
const listen = (app: express.Express) =>
  new Promise<string>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
    servers.push(server);
  });
/** a port nothing listens on */
const closedPort = async () => {
  const url = await listen(express());
  await new Promise((r) => servers.pop()!.close(r));
  return url;
};
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function gateway(overrides: Partial<Record<UpstreamName, string[]>> = {}, timeoutMs?: number) {
  const upstreams = {} as Record<UpstreamName, string[]>;
  for (const name of UPSTREAMS) upstreams[name] = overrides[name] ?? [await listen(fakeService(name))];
  return createClusterGateway({
    upstreams,
    logger: silentLogger,
    devSecret: new Uint8Array(32).fill(9),
    probeTimeoutMs: 500,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('the cluster gateway', () => {
  it('streams the request to the right service with its path, body and headers', async () => {
    const app = await gateway();
    const body = JSON.stringify({ reason: 'Вопрос решён', big: 'x'.repeat(200_000) });
    const reply = await request(app)
      .post('/api/v1/appeals/42/withdraw?x=1')
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer abc')
      .set('x-tracking-code', 'ABCDEF1234')
      .set('x-request-id', 'req-1')
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
      .send(body);
    expect(reply.status).toBe(200);
    expect(reply.headers['x-request-id']).toBe('req-1');
    expect(reply.body).toMatchObject({
      service: 'response',
      method: 'POST',
      url: '/api/v1/appeals/42/withdraw?x=1',
      headers: {
        authorization: 'Bearer abc',
        'x-tracking-code': 'ABCDEF1234',
        'x-request-id': 'req-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'x-forwarded-for': expect.stringContaining('127.0.0.1'),
      },
    });
    expect(reply.body.body).toBe(body); // beyond any JSON limit: streamed, never parsed
  });

  it('issues dev tokens the services verify with the same secret', async () => {
    const app = await gateway();
    const reply = await request(app).post('/api/v1/auth/dev-token').send({ role: 'auditor', sub: 'a-1' });
    expect(reply.status).toBe(200);
    const principal = await createTokenVerifier({ secret: new Uint8Array(32).fill(9) }).verify(
      reply.body.token,
    );
    expect(principal).toEqual({ sub: 'a-1', role: 'auditor' });
  });

  it('lists the demo users itself, next to the dev-token route', async () => {
    const reply = await request(await gateway()).get('/api/v1/auth/dev-users');
    expect(reply.status).toBe(200);
    expect(reply.body.users).toContainEqual({
      sub: 'executor-almaty',
      role: 'executor',
      agencyId: 'akimat-almaty',
      name: expect.any(String),
    });
  });

  it('in oidc mode (no dev secret) has no dev-token route, nor documents one', async () => {
    const upstreams = {} as Record<UpstreamName, string[]>;
    for (const name of UPSTREAMS) upstreams[name] = [await listen(fakeService(name))];
    const app = createClusterGateway({ upstreams, logger: silentLogger, probeTimeoutMs: 500 });
    const reply = await request(app).post('/api/v1/auth/dev-token').send({ role: 'admin' });
    expect(reply.status).toBe(404);
    const doc = await request(app).get('/openapi.json');
    expect(Object.keys(doc.body.paths)).not.toContain('/api/v1/auth/dev-token');
  });

  it('has the same HTTP edge as the services: security headers, and a 429 problem past the rate limit', async () => {
    const upstreams = {} as Record<UpstreamName, string[]>;
    for (const name of UPSTREAMS) upstreams[name] = [await listen(fakeService(name))];
    const app = createClusterGateway({
      upstreams,
      logger: silentLogger,
      edge: { rateLimit: { limit: 2, windowMs: 60_000 } },
    });
    const first = await request(app).get('/api/v1/catalog');
    expect(first.status).toBe(200);
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(app).get('/api/v1/catalog')).status).toBe(200);
    const limited = await request(app).get('/api/v1/catalog');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('answers a route no service has with a 404 problem', async () => {
    const reply = await request(await gateway()).get('/api/v1/nothing');
    expect(reply.status).toBe(404);
    expect(reply.type).toBe('application/problem+json');
  });

  it('merges the services’ OpenAPI documents with its own', async () => {
    const doc = (await request(await gateway()).get('/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/auth/dev-token',
        '/api/v1/auth/dev-users',
        ...UPSTREAMS.map((name) => `/api/v1/${name}-only`),
      ].sort(),
    );
    expect(doc.paths['/api/v1/audit-only'].get.tags).toEqual(['audit']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas).toHaveProperty('DevTokenRequest');
  });

  it('serves the AsyncAPI document of the Kafka topics', async () => {
    const reply = await request(await gateway()).get('/asyncapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.asyncapi).toMatch(/^3\./);
    expect(reply.body.channels.agency.address).toBe('appeals.agency.{agencyId}.v1');
  });

  it('is ready when every service has a ready replica, and says which one is not', async () => {
    expect((await request(await gateway()).get('/ready')).status).toBe(200);
    const notReady = await listen(fakeService('audit', { ready: false }));
    const reply = await request(await gateway({ audit: [notReady] })).get('/ready');
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({
      detail: 'Not ready: audit.',
      upstreams: { audit: { [notReady]: 'not ready (503)' } },
    });
  });

  describe('when a service is down', () => {
    it('answers 503 problem+json naming it, and keeps serving the others', async () => {
      const app = await gateway({ routing: [await closedPort()] });
      const reply = await request(app).post('/api/v1/appeals/42/forward').send({});
      expect(reply.status).toBe(503);
      expect(reply.type).toBe('application/problem+json');
      expect(reply.headers['retry-after']).toBe('1');
      expect(reply.body).toMatchObject({
        status: 503,
        upstream: 'routing',
        type: 'urn:appeals:problem:upstream-unavailable',
      });
      expect((await request(app).get('/api/v1/appeals/42')).body.service).toBe('projections');
      expect((await request(app).get('/health')).status).toBe(200);
      expect((await request(app).get('/ready')).status).toBe(503);
    });

    it('sends the next request to a live replica', async () => {
      const live = await listen(fakeService('routing'));
      const app = await gateway({ routing: [await closedPort(), live] });
      const first = await request(app).post('/api/v1/appeals/42/forward').send({});
      const second = await request(app).post('/api/v1/appeals/42/forward').send({});
      const third = await request(app).post('/api/v1/appeals/42/forward').send({});
      expect([first.status, second.status, third.status]).toEqual([503, 200, 200]);
    });
  });

  it('answers 504 when a service does not answer in time', async () => {
    const slow = await listen(fakeService('audit', { slowMs: 1_000 }));
    const reply = await request(await gateway({ audit: [slow] }, 200)).get(
      '/api/v1/audit/appeals/42/history',
    );
    expect(reply.status).toBe(504);
    expect(reply.body).toMatchObject({ upstream: 'audit', type: 'urn:appeals:problem:upstream-timeout' });
  });
});
