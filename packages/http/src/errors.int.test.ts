import request from 'supertest';
import { z } from 'zod';
import { createHttpApp, finalize } from './app';
import { mapErrorCodes } from './errors';
import type { HttpLogger } from './logger';
import { conflict } from './problem';

class AppealClosed extends Error {
  readonly code = 'APPEAL.ALREADY_CLOSED';
  constructor() {
    super('Appeal 42 is already closed');
  }
}

class Unmapped extends Error {
  readonly code = 'APPEAL.SOMETHING_NEW';
}

const recordingLogger = () => {
  const entries: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
  const logger: HttpLogger = {
    error: (fields, message) => entries.push({ level: 'error', fields, ...(message ? { message } : {}) }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, ...(message ? { message } : {}) }),
  };
  return { logger, entries };
};

const makeApp = (options: { problemTypeBase?: string } = {}) => {
  const { logger, entries } = recordingLogger();
  const app = createHttpApp({ logger, bodyLimit: '1kb', ...options });
  app.post('/echo', (req, res) => {
    res.json({ got: req.body });
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.get('/boom-async', async () => {
    await Promise.resolve();
    throw new TypeError('cannot read properties of undefined (secret internals)');
  });
  app.get('/throw-string', () => {
    throw 'a string, not an Error';
  });
  app.get('/closed', async () => {
    throw new AppealClosed();
  });
  app.get('/unmapped', () => {
    throw new Unmapped('new domain error nobody mapped');
  });
  app.get('/problem', () => {
    throw conflict('Someone else changed it', { extra: { currentVersion: 3 } });
  });
  app.get('/zod', () => {
    z.strictObject({ n: z.number() }).parse({ n: 'x', extra: 1 });
  });
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/late', (_req, res) => {
    res.status(200).write('partial');
    throw new Error('after headers');
  });
  finalize(app, {
    mapError: mapErrorCodes({
      'APPEAL.ALREADY_CLOSED': 409,
    }),
  });
  return { app, entries };
};

describe('problem error handler', () => {
  describe('when the body is malformed JSON', () => {
    it('answers 400 problem+json naming body', async () => {
      const { app } = makeApp();
      const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"a": 1,');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'urn:appeals:problem:malformed-json',
        title: 'Malformed JSON',
        status: 400,
        instance: '/echo',
        errors: [{ field: 'body', code: 'malformed_json' }],
      });
      expect(typeof res.body.requestId).toBe('string');
    });

    it('rejects a top-level primitive (strict JSON)', async () => {
      const { app } = makeApp();
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('body');
    });
  });

  it('answers 413 to a body over the limit', async () => {
    const { app } = makeApp();
    const res = await request(app)
      .post('/echo')
      .send({ text: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, limit: 1024 });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const { app } = makeApp();
    const res = await request(app).post('/echo').set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });

  it('answers 415 to JSON in a charset other than UTF-8', async () => {
    const { app } = makeApp();
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{}');
    expect(res.status).toBe(415);
  });

  it('parses +json media types and bodiless posts alike', async () => {
    const { app } = makeApp();
    const merge = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/merge-patch+json')
      .send('{"a":1}');
    expect(merge.body).toEqual({ got: { a: 1 } });
    const empty = await request(app).post('/echo');
    expect(empty.status).toBe(200);
  });

  it('answers 404 problem to an unknown route', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/nowhere?iin=900101300123');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // the query may carry personal data, so it is neither echoed in instance nor in detail
    expect(res.body).toMatchObject({
      status: 404,
      instance: '/nowhere',
      detail: 'No resource at GET /nowhere.',
    });
  });

  // found by the request fuzzer (test/fuzz): the router's URIError carries status 400 but no `expose`
  it.each(['%', '%E0%A4%A', '%C0%AE%C0%AE', '%F0%9F%98'])(
    'answers 400 problem naming the path to a path parameter that is not percent-encoded UTF-8 (%s)',
    async (segment) => {
      const { app, entries } = makeApp();
      const res = await request(app).get(`/items/${segment}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 400,
        errors: [{ field: 'path', code: 'malformed_path' }],
      });
      expect(entries.filter((e) => e.level === 'error')).toEqual([]);
    },
  );

  describe('when a handler throws something unexpected', () => {
    it.each(['/boom', '/boom-async', '/throw-string'])(
      '%s answers a bare 500 and logs the cause',
      async (path) => {
        const { app, entries } = makeApp();
        const res = await request(app).get(path);
        expect(res.status).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toEqual({
          type: 'urn:appeals:problem:internal-server-error',
          title: 'Internal Server Error',
          status: 500,
          instance: path,
          requestId: res.headers['x-request-id'],
        });
        expect(res.text).not.toMatch(/hunter2|secret|string, not|at .*\.ts/);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          level: 'error',
          fields: { path, requestId: res.headers['x-request-id'] },
        });
      },
    );

    it('answers 500 for a coded domain error nobody mapped', async () => {
      const { app } = makeApp();
      const res = await request(app).get('/unmapped');
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('nobody mapped');
    });
  });

  it('maps a domain error through mapError to the status the service chose', async () => {
    const { app, entries } = makeApp();
    const res = await request(app).get('/closed');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: 'urn:appeals:problem:appeal-already-closed',
      status: 409,
      detail: 'Appeal 42 is already closed',
      code: 'APPEAL.ALREADY_CLOSED',
    });
    expect(entries).toHaveLength(0);
  });

  it('passes an HttpProblem through with its extension members', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/problem');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      title: 'Conflict',
      detail: 'Someone else changed it',
      currentVersion: 3,
    });
  });

  it('turns a stray zod error into a 400 naming each field', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/zod');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'n', code: 'invalid_type' }),
      expect.objectContaining({ field: 'extra', code: 'unrecognized_key' }),
    ]);
  });

  it('uses the configured problem type base', async () => {
    const { app } = makeApp({ problemTypeBase: 'https://appeals.example/problems/' });
    const res = await request(app).get('/nowhere');
    expect(res.body.type).toBe('https://appeals.example/problems/not-found');
  });

  it('cuts the connection when the response had already started, and keeps serving', async () => {
    const { app, entries } = makeApp();
    await expect(request(app).get('/late')).rejects.toThrow();
    expect(entries.map((e) => e.level)).toEqual(['error', 'warn']);
    const next = await request(app).get('/nowhere');
    expect(next.status).toBe(404);
  });

  it('survives a mapper that throws', async () => {
    const { logger, entries } = recordingLogger();
    const app = createHttpApp({ logger });
    app.get('/x', () => {
      throw new AppealClosed();
    });
    finalize(app, {
      mapError: () => {
        throw new Error('mapper bug');
      },
    });
    const res = await request(app).get('/x');
    expect(res.status).toBe(500);
    expect(entries[0]?.message).toBe('error mapper threw');
  });
});
