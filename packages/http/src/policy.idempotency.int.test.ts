import request from 'supertest';
import type { RequestHandler } from 'express';
import { createHttpApp, finalize } from './app';
import { createDevTokenIssuer, createTokenVerifier } from './auth';
import { createInMemoryIdempotencyStore } from './idempotency';
import { silentLogger } from './logger';
import { MissingIdempotencyError, MissingPolicyError, anyone, guardedRouter, only } from './policy';
import { forbidden } from './problem';

// Every state-changing route of a guarded router honours Idempotency-Key (issue 10, defect 8a): the router puts the
// one idempotency guard in front of the route's handler, so no route can forget it.

const issuer = createDevTokenIssuer();
const policy = {
  'GET /api/v1/things': anyone(),
  'POST /api/v1/things/:id/act': only(['anonymous', 'applicant', 'executor']),
  'PUT /api/v1/things/:id': only(['executor']),
};

/** Refuses a caller who says so: stands in for the object check an action route makes before its handler. */
const objectCheck: RequestHandler = (req, _res, next) => {
  if (req.get('x-refuse')) throw forbidden('Not your thing.');
  next();
};

const makeApp = () => {
  const app = createHttpApp({ logger: silentLogger, verifier: createTokenVerifier(issuer) });
  const routes = guardedRouter(policy, { idempotency: createInMemoryIdempotencyStore() });
  const ran: string[] = [];
  routes.post('/things/:id/act', objectCheck, (req, res) => {
    ran.push(`act ${req.params.id}`);
    res.json({ run: ran.length });
  });
  routes.put('/things/:id', (req, res) => {
    ran.push(`put ${req.params.id}`);
    res.json({ run: ran.length });
  });
  app.use('/api/v1', routes.router);
  return { app: finalize(app), ran };
};
const bearer = async (sub: string, role: 'applicant' | 'executor' = 'applicant') =>
  `Bearer ${(await issuer.issue({ sub, role, ...(role === 'executor' ? { agencyId: 'akimat-1' } : {}) })).token}`;

describe('a guarded router’s state-changing routes', () => {
  it('cannot be registered without an idempotency store; reads need none', () => {
    expect(() => guardedRouter(policy).post('/things/:id/act', () => undefined)).toThrow(
      MissingIdempotencyError,
    );
    expect(() => guardedRouter(policy).put('/things/:id', () => undefined)).toThrow(
      'PUT /api/v1/things/:id changes state: give guardedRouter an idempotency store',
    );
    expect(() => guardedRouter(policy).get('/things', () => undefined)).not.toThrow();
    // the missing policy row is still the first thing named
    expect(() => guardedRouter(policy).delete('/things', () => undefined)).toThrow(MissingPolicyError);
  });

  it('replay the first answer to the same key and body, and run the handler once', async () => {
    const { app, ran } = makeApp();
    const who = await bearer('citizen-1');
    const first = await request(app)
      .post('/api/v1/things/1/act')
      .set('Authorization', who)
      .set('Idempotency-Key', 'k-1')
      .send({ reason: 'once' });
    const again = await request(app)
      .post('/api/v1/things/1/act')
      .set('Authorization', who)
      .set('Idempotency-Key', 'k-1')
      .send({ reason: 'once' });
    expect(first.body).toEqual({ run: 1 });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual({ run: 1 });
    const executor = await bearer('executor-1', 'executor');
    const put = () =>
      request(app)
        .put('/api/v1/things/1')
        .set('Authorization', executor)
        .set('Idempotency-Key', 'k-1')
        .send({});
    expect((await put()).status).toBe(200);
    expect((await put()).headers['idempotent-replayed']).toBe('true');
    expect(ran).toEqual(['act 1', 'put 1']);
  });

  it('answer 422 naming the header when the key comes back with another body', async () => {
    const { app, ran } = makeApp();
    const who = await bearer('citizen-1');
    const send = (reason: string) =>
      request(app)
        .post('/api/v1/things/1/act')
        .set('Authorization', who)
        .set('Idempotency-Key', 'k-2')
        .send({ reason });
    await send('first');
    const reused = await send('second');
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
    expect(ran).toEqual(['act 1']);
  });

  it('keep keys apart per caller and per route', async () => {
    const { app, ran } = makeApp();
    const act = (id: string, who?: string) => {
      const req = request(app).post(`/api/v1/things/${id}/act`).set('Idempotency-Key', 'k-3');
      return (who ? req.set('Authorization', who) : req).send({});
    };
    expect((await act('1', await bearer('citizen-1'))).status).toBe(200);
    expect((await act('1', await bearer('citizen-2'))).status).toBe(200);
    expect((await act('2', await bearer('citizen-1'))).status).toBe(200);
    expect((await act('1')).status).toBe(200);
    expect(ran).toEqual(['act 1', 'act 1', 'act 2', 'act 1']);
  });

  it('check the caller again before a replay: a refused repeat gets no first answer', async () => {
    const { app } = makeApp();
    const who = await bearer('citizen-1');
    await request(app)
      .post('/api/v1/things/1/act')
      .set('Authorization', who)
      .set('Idempotency-Key', 'k-4')
      .send({});
    const refused = await request(app)
      .post('/api/v1/things/1/act')
      .set('Authorization', who)
      .set('Idempotency-Key', 'k-4')
      .set('x-refuse', 'yes')
      .send({});
    expect(refused.status).toBe(403);
  });
});
