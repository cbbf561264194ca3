import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createHttpApp, finalize } from './app';
import { silentLogger } from './logger';
import { input, validate } from './validate';

const appealBody = z.strictObject({
  category: z.enum(['complaint', 'proposal', 'request']),
  text: z.string().min(10),
  region: z.strictObject({ kato: z.string().regex(/^\d{9}$/) }),
});

const makeApp = () => {
  const app = createHttpApp({ logger: silentLogger });
  const submit = validate({
    params: z.strictObject({ agencyId: z.string().regex(/^[a-z-]+$/) }),
    query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
    body: appealBody,
  });
  app.post('/agencies/:agencyId/appeals', submit, (_req, res) => {
    const { params, query, body } = submit.input(res);
    res
      .status(201)
      .json({ agencyId: params.agencyId, dryRun: query.dryRun ?? 'false', category: body.category });
  });
  const list = validate({
    query: z.strictObject({
      status: z.enum(['open', 'closed']),
      limit: z.coerce.number().int().max(100).default(20),
    }),
    headers: z.strictObject({ 'x-tenant': z.string().min(1) }),
  });
  app.get('/appeals', list, (_req, res) => {
    res.json(input<{ query: { status: string; limit: number }; headers: Record<string, string> }>(res));
  });
  finalize(app);
  return app;
};

const valid = { category: 'complaint', text: 'The road is broken again', region: { kato: '751110000' } };

describe('validate', () => {
  it('passes parsed input to the handler', async () => {
    const res = await request(makeApp()).post('/agencies/akimat-almaty/appeals?dryRun=true').send(valid);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ agencyId: 'akimat-almaty', dryRun: 'true', category: 'complaint' });
  });

  it('names each field of wrong type', async () => {
    const res = await request(makeApp())
      .post('/agencies/akimat-almaty/appeals')
      .send({ category: 7, text: ['x'], region: { kato: 751110000 } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:appeals:problem:validation');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.category',
      'body.text',
      'body.region.kato',
    ]);
  });

  it('names each missing field', async () => {
    const res = await request(makeApp()).post('/agencies/akimat-almaty/appeals').send({ region: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.category',
      'body.text',
      'body.region.kato',
    ]);
  });

  it('names each unknown field, nested ones too', async () => {
    const res = await request(makeApp())
      .post('/agencies/akimat-almaty/appeals')
      .send({ ...valid, priority: 'high', isAdmin: true, region: { kato: '751110000', street: 'Abay' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(3);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.priority', message: 'Unknown field', code: 'unrecognized_key' },
        { field: 'body.isAdmin', message: 'Unknown field', code: 'unrecognized_key' },
        { field: 'body.region.street', message: 'Unknown field', code: 'unrecognized_key' },
      ]),
    );
  });

  it('reports params, query and body problems together', async () => {
    const res = await request(makeApp())
      .post('/agencies/AKIMAT/appeals?dryRun=maybe&debug=1')
      .send({ ...valid, text: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'params.agencyId',
      'query.dryRun',
      'query.debug',
      'body.text',
    ]);
  });

  it('names the body itself when it is missing', async () => {
    const res = await request(makeApp()).post('/agencies/akimat-almaty/appeals');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'invalid_type' })]);
  });

  it('coerces query values and applies defaults', async () => {
    const res = await request(makeApp()).get('/appeals?status=open').set('X-Tenant', 'kz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ query: { status: 'open', limit: 20 }, headers: { 'x-tenant': 'kz' } });
  });

  it('checks only the headers a strict header schema declares', async () => {
    const res = await request(makeApp()).get('/appeals?status=pending&limit=500');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'query.status',
      'query.limit',
      'headers.x-tenant',
    ]);
  });

  it('answers 415 to a non-JSON body even without the app-wide parser', async () => {
    const bare = express();
    bare.post('/x', validate({ body: appealBody }), (_req, res) => {
      res.json({});
    });
    finalize(bare, { logger: silentLogger });
    const res = await request(bare)
      .post('/x')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('category=complaint');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('treats input() without validate as a wiring bug (500)', async () => {
    const app = createHttpApp({ logger: silentLogger });
    app.get('/x', (_req, res) => {
      res.json(input(res));
    });
    finalize(app);
    expect((await request(app).get('/x')).status).toBe(500);
  });
});
