import {
  anyone,
  createApiRegistry,
  createDevTokenIssuer,
  createInMemoryIdempotencyStore,
  createTokenVerifier,
  guardedRouter,
  input,
  silentLogger,
  validate,
} from '@appeals/http';
import { Router } from 'express';
import request from 'supertest';
import { z } from 'zod';
import type { ProcessState, Probe } from './health';
import { createServiceApp } from './serviceApp';

// /health and /ready of one service process, with fake dependencies: a probe that answers, fails or hangs.

const up: Probe = async () => undefined;
const down: Probe = async () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:59092');
};
const hangs: Probe = () => new Promise(() => undefined);

const issuer = createDevTokenIssuer();

function app(probes: Record<string, Probe>, state: ProcessState = 'serving') {
  const registry = createApiRegistry({ title: 'test', version: '1' });
  const routes = guardedRouter({ 'GET /api/v1/whoami': anyone() });
  registry.register({
    method: 'get',
    path: '/api/v1/whoami',
    summary: 'who',
    responses: { 200: { description: 'you' } },
  });
  routes.get('/whoami', (_req, res) => res.json(res.locals.principal ?? null));
  return createServiceApp({
    name: 'routing',
    router: routes.router,
    registry,
    verifier: createTokenVerifier({ secret: issuer.secret }),
    logger: silentLogger,
    health: { probes, state: () => state, timeoutMs: 200 },
  });
}

describe('a service process', () => {
  describe('when every dependency answers', () => {
    const probes = { postgres: up, kafka: up, mongodb: up };

    it('is alive and ready', async () => {
      expect((await request(app(probes)).get('/health')).body).toEqual({
        status: 'ok',
        service: 'routing',
        state: 'serving',
      });
      const ready = await request(app(probes)).get('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ready',
        checks: { postgres: { status: 'up' }, kafka: { status: 'up' }, mongodb: { status: 'up' } },
      });
    });

    it('serves its routes under /api/v1 with optional auth, and its own OpenAPI document', async () => {
      const { token } = await issuer.issue({ sub: 'citizen-1', role: 'applicant' });
      const me = await request(app(probes)).get('/api/v1/whoami').set('authorization', `Bearer ${token}`);
      expect(me.body).toMatchObject({ sub: 'citizen-1', role: 'applicant' });
      expect((await request(app(probes)).get('/api/v1/whoami')).body).toBeNull();
      const forged = await request(app(probes))
        .get('/api/v1/whoami')
        .set('authorization', 'Bearer abc.def.ghi');
      expect(forged.status).toBe(401);
      const doc = await request(app(probes)).get('/openapi.json');
      expect(Object.keys(doc.body.paths)).toEqual(['/api/v1/whoami']);
    });
  });

  describe('when a dependency is down or does not answer', () => {
    it('is still alive, but not ready: a 503 problem naming what is down', async () => {
      const probes = { postgres: up, kafka: down, mongodb: hangs };
      expect((await request(app(probes)).get('/health')).status).toBe(200);
      const ready = await request(app(probes)).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.type).toBe('application/problem+json');
      expect(ready.headers['retry-after']).toBe('1');
      expect(ready.body).toMatchObject({
        status: 503,
        detail: 'routing cannot reach kafka, mongodb.',
        checks: {
          postgres: { status: 'up' },
          kafka: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:59092' },
          mongodb: { status: 'down', error: 'no answer within 200 ms' },
        },
      });
    });
  });

  describe('while starting or stopping', () => {
    it.each<ProcessState>(['starting', 'stopping'])('is alive but not ready when %s', async (state) => {
      const probes = { postgres: up, kafka: up, mongodb: up };
      expect((await request(app(probes, state)).get('/health')).body.state).toBe(state);
      const ready = await request(app(probes, state)).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ detail: `routing is ${state}.`, state });
    });
  });
});

describe('a service whose router has a route without a policy row', () => {
  it('does not start', () => {
    const router = Router();
    router.get('/backdoor', (_req, res) => res.json({}));
    expect(() =>
      createServiceApp({
        name: 'routing',
        router,
        registry: createApiRegistry({ title: 'test', version: '1' }),
        verifier: createTokenVerifier({ secret: issuer.secret }),
        logger: silentLogger,
        health: { probes: {}, state: () => 'serving' },
      }),
    ).toThrow(/Routes without a policy decision.*GET \/backdoor/);
  });
});

// A service with Open311 routes (intake, projections in the cluster) mounts them at /open311/v2: form bodies are
// parsed there, and every error there — the edge's own too (a forged token) — is an Open311 error array.
describe('a service process with Open311 routes', () => {
  function open311App() {
    const registry = createApiRegistry({ title: 'test', version: '1' });
    const routes = guardedRouter(
      { 'POST /open311/v2/requests.json': anyone() },
      { mountedAt: '/open311/v2', idempotency: createInMemoryIdempotencyStore() },
    );
    routes.post(
      '/requests.json',
      validate({ body: z.object({ api_key: z.string() }) }, { forms: true }),
      (_req, res) => {
        res
          .status(201)
          .json([{ service_request_id: input<{ body: { api_key: string } }>(res).body.api_key }]);
      },
    );
    return createServiceApp({
      name: 'intake',
      router: Router(),
      open311Router: routes.router,
      registry,
      verifier: createTokenVerifier({ secret: issuer.secret }),
      logger: silentLogger,
      health: { probes: {}, state: () => 'serving', timeoutMs: 200 },
    });
  }

  it('takes a form body and answers errors as [{ code, description }]', async () => {
    const filed = await request(open311App())
      .post('/open311/v2/requests.json')
      .type('form')
      .send('api_key=k1');
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual([{ service_request_id: 'k1' }]);
    const missing = await request(open311App()).post('/open311/v2/requests.json').type('form').send('x=1');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ code: 400, description: expect.stringMatching(/^api_key: /) }]);
    const forged = await request(open311App())
      .post('/open311/v2/requests.json')
      .set('authorization', 'Bearer abc.def.ghi')
      .type('form')
      .send('api_key=k1');
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual([{ code: 401, description: expect.any(String) }]);
    // elsewhere a form body is still refused
    expect((await request(open311App()).post('/api/v1/anything').type('form').send('a=1')).status).toBe(415);
  });
});
