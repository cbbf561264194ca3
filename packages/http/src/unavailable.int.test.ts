import request from 'supertest';
import { createHttpApp, finalize } from './app';
import type { HttpLogger } from './logger';

/** What drivers throw when a server is down or restarting (shapes as pg, the MongoDB driver and Node make them). */
const DOWN: Record<string, () => unknown> = {
  'a refused socket': () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  'PostgreSQL shutting down (57P01)': () =>
    Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      severity: 'FATAL',
    }),
  'PostgreSQL connection failure (08006)': () =>
    Object.assign(new Error('connection failure'), { code: '08006', severity: 'FATAL' }),
  "pg's broken connection": () => new Error('Connection terminated unexpectedly'),
  "pg's connect timeout": () => new Error('timeout exceeded when trying to connect'),
  'MongoDB server selection': () =>
    Object.assign(new Error('Server selection timed out after 5000 ms'), {
      name: 'MongoServerSelectionError',
    }),
  'MongoDB shutting down (91)': () =>
    Object.assign(new Error('The server is in quiesce mode'), { name: 'MongoServerError', code: 91 }),
  "FerretDB relaying its backend's shutdown": () =>
    Object.assign(
      new Error(
        '[msg_find.go:344] FATAL: terminating connection due to administrator command (SQLSTATE 57P01)',
      ),
      {
        name: 'MongoServerError',
      },
    ),
  'a wrapped cause': () =>
    new Error('sealing failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    }),
};

/** Look alike, but our fault or the request's: they stay 500. */
const NOT_DOWN: Record<string, () => unknown> = {
  'a unique violation (23505)': () =>
    Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      severity: 'ERROR',
    }),
  'a MongoDB duplicate key (11000)': () =>
    Object.assign(new Error('E11000 duplicate key error'), { name: 'MongoServerError', code: 11000 }),
  'a code without a severity (57P01 from elsewhere)': () =>
    Object.assign(new Error('odd'), { code: '57P01' }),
  'a non-Mongo error naming a SQLSTATE': () => new Error('parse error near SQLSTATE 08006'),
};

const appThrowing = (make: () => unknown) => {
  const errors: unknown[] = [];
  const logger: HttpLogger = { error: (fields) => errors.push(fields), warn: () => undefined };
  const app = createHttpApp({ logger });
  app.get('/work', async () => {
    await Promise.resolve();
    throw make();
  });
  finalize(app);
  return { app, errors };
};

describe('a request whose dependency is down', () => {
  it.each(Object.keys(DOWN))(
    'answers 503 problem+json with Retry-After for %s, and logs it',
    async (name) => {
      const { app, errors } = appThrowing(DOWN[name]!);
      const res = await request(app).get('/work');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ type: 'urn:appeals:problem:dependency-unavailable', status: 503 });
      expect(res.text).not.toMatch(/127\.0\.0\.1|SQLSTATE|quiesce|administrator/);
      expect(errors).toHaveLength(1);
    },
  );

  it.each(Object.keys(NOT_DOWN))('still answers a bare 500 for %s', async (name) => {
    const { app } = appThrowing(NOT_DOWN[name]!);
    const res = await request(app).get('/work');
    expect(res.status).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
