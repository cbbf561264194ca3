import request from 'supertest';
import { createHttpApp, finalize } from './app';
import { createDevTokenIssuer, createTokenVerifier } from './auth';
import { createInMemoryIdempotencyStore } from './idempotency';
import { silentLogger } from './logger';
import { createApiRegistry } from './openapi';
import { Router } from 'express';
import {
  MissingPolicyError,
  anyone,
  assertEveryRouteGuarded,
  guardedRouter,
  only,
  policyGaps,
  unguardedRoutes,
} from './policy';

const issuer = createDevTokenIssuer();
const policy = {
  'GET /api/v1/catalog': anyone(),
  'PUT /api/v1/admin/things/:id': only(['admin']),
  'POST /api/v1/appeals': only(['anonymous', 'applicant', 'registrar']),
};

const makeApp = () => {
  const app = createHttpApp({ logger: silentLogger, verifier: createTokenVerifier(issuer) });
  const routes = guardedRouter(policy, { idempotency: createInMemoryIdempotencyStore() });
  routes.get('/catalog', (_req, res) => {
    res.json({ decided: res.locals.policy });
  });
  routes.put('/admin/things/:id', (_req, res) => {
    res.json({ ok: true });
  });
  routes.post('/appeals', (_req, res) => {
    res.status(201).json({ caller: res.locals.policy.caller });
  });
  app.use('/api/v1', routes.router);
  return finalize(app);
};
const bearer = async (role: 'admin' | 'auditor' | 'applicant') =>
  `Bearer ${(await issuer.issue({ sub: role, role })).token}`;

describe('a guarded router', () => {
  it('refuses to register a route without a policy row, so no handler goes without a decision', () => {
    expect(() => guardedRouter(policy).delete('/catalog', () => undefined)).toThrow(MissingPolicyError);
    expect(() => guardedRouter(policy).get('/nowhere', () => undefined)).toThrow(
      'No policy row for GET /api/v1/nowhere',
    );
  });

  it('answers 401 to an anonymous caller the row does not admit, 403 naming the roles to another role', async () => {
    const app = makeApp();
    const anonymous = await request(app).put('/api/v1/admin/things/1');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const auditor = await request(app)
      .put('/api/v1/admin/things/1')
      .set('Authorization', await bearer('auditor'));
    expect(auditor.status).toBe(403);
    expect(auditor.body).toMatchObject({
      type: 'urn:appeals:problem:role-required',
      requiredRoles: ['admin'],
    });
    const admin = await request(app)
      .put('/api/v1/admin/things/1')
      .set('Authorization', await bearer('admin'));
    expect(admin.status).toBe(200);
  });

  it('admits anonymous callers where the row says so, and records the decision for the handler', async () => {
    const app = makeApp();
    expect((await request(app).post('/api/v1/appeals')).body).toEqual({ caller: 'anonymous' });
    expect(
      (
        await request(app)
          .post('/api/v1/appeals')
          .set('Authorization', await bearer('admin'))
      ).status,
    ).toBe(403);
    expect((await request(app).get('/api/v1/catalog')).body.decided).toMatchObject({
      route: 'GET /api/v1/catalog',
      caller: 'anonymous',
    });
  });
});

describe('policyGaps', () => {
  it('names documented routes without a row and rows without a route', () => {
    const registry = createApiRegistry({ title: 't', version: '1' });
    registry.register({
      method: 'get',
      path: '/api/v1/catalog',
      summary: 'c',
      responses: { 200: { description: 'ok' } },
    });
    registry.register({
      method: 'get',
      path: '/api/v1/secret',
      summary: 's',
      responses: { 200: { description: 'ok' } },
    });
    expect(policyGaps({ 'GET /api/v1/catalog': anyone(), 'GET /api/v1/gone': anyone() }, registry)).toEqual({
      unguarded: ['GET /api/v1/secret'],
      stale: ['GET /api/v1/gone'],
    });
  });
});

describe('unguardedRoutes', () => {
  it('finds a route registered around the policy, in nested routers too, and passes guarded ones', () => {
    const guarded = guardedRouter(policy);
    guarded.get('/catalog', () => undefined);
    const sneaky = Router();
    sneaky.get('/backdoor', () => undefined);
    sneaky.post('/backdoor', () => undefined);
    const api = Router();
    api.use(guarded.router);
    api.use(Router().use(sneaky));
    expect(unguardedRoutes(api)).toEqual(['GET /backdoor', 'POST /backdoor']);
    expect(() => assertEveryRouteGuarded(api)).toThrow(/GET \/backdoor, POST \/backdoor/);
    expect(() => assertEveryRouteGuarded(guarded.router)).not.toThrow();
  });
});
