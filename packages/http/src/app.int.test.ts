import request from 'supertest';
import { createHttpApp, finalize } from './app';
import { silentLogger } from './logger';

const makeApp = () => {
  const app = createHttpApp({ logger: silentLogger, requestId: { generate: () => 'generated-id' } });
  app.get('/id', (_req, res) => {
    res.json({ requestId: res.locals.requestId });
  });
  return finalize(app);
};

describe('createHttpApp', () => {
  it('does not advertise express', async () => {
    const res = await request(makeApp()).get('/id');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps a sane incoming request id and echoes it', async () => {
    const res = await request(makeApp()).get('/id').set('X-Request-Id', 'gw-7f3a.42');
    expect(res.headers['x-request-id']).toBe('gw-7f3a.42');
    expect(res.body).toEqual({ requestId: 'gw-7f3a.42' });
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces and quotes', 'x" onload="y'],
  ])('replaces an incoming request id that is %s', async (_name, incoming) => {
    const res = await request(makeApp()).get('/id').set('X-Request-Id', incoming);
    expect(res.headers['x-request-id']).toBe('generated-id');
  });

  it('creates a UUID request id by default and puts it in problems', async () => {
    const app = finalize(createHttpApp({ logger: silentLogger }));
    const res = await request(app).get('/missing');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});
