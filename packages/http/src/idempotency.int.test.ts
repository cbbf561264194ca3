import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createHttpApp, finalize } from './app';
import { createInMemoryIdempotencyStore, idempotent, type IdempotencyStore } from './idempotency';
import { silentLogger } from './logger';
import { conflict } from './problem';

const makeApp = (store: IdempotencyStore = createInMemoryIdempotencyStore()) => {
  const app = createHttpApp({ logger: silentLogger });
  let submitted = 0;
  let gate: Promise<void> = Promise.resolve();
  let arrived: () => void = () => undefined;
  const guard = idempotent(store, { scope: (req) => req.get('x-user') ?? 'anonymous', logger: silentLogger });
  app.post('/appeals', guard, async (req, res) => {
    arrived();
    await gate;
    if (req.body?.fail) throw conflict('stream changed');
    submitted += 1;
    const id = randomUUID();
    res
      .status(201)
      .location(`/appeals/${id}`)
      .json({ id, number: `ЖТ-${submitted}` });
  });
  finalize(app);
  return {
    app,
    submitted: () => submitted,
    /** holds handlers at the gate; `reached` resolves when one arrives there */
    hold: () => {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      return { open, reached };
    },
  };
};

const body = { category: 'complaint', text: 'No heating in school 12', region: { kato: '751110000' } };

describe('idempotent', () => {
  it('replays the first answer to a retry with the same key and body', async () => {
    const { app, submitted } = makeApp();
    const first = await request(app).post('/appeals').set('Idempotency-Key', 'k-1').send(body);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // same fields in another order: still the same request
    const reordered = { region: body.region, text: body.text, category: body.category };
    const retry = await request(app).post('/appeals').set('Idempotency-Key', 'k-1').send(reordered);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.body).toEqual(first.body);
    expect(submitted()).toBe(1);
  });

  // found by the request fuzzer (test/fuzz): the fingerprint recursed once per level and overflowed the stack (500)
  it('fingerprints a body nested 30 000 deep: replays it, and tells it from one level less', async () => {
    const { app, submitted } = makeApp();
    const deep = (depth: number) => `{"reason":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const send = (text: string) =>
      request(app)
        .post('/appeals')
        .set('Idempotency-Key', 'k-deep')
        .set('Content-Type', 'application/json')
        .send(text);
    expect((await send(deep(30_000))).status).toBe(201);
    const retry = await send(deep(30_000));
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await send(deep(29_999))).status).toBe(422);
    expect(submitted()).toBe(1);
  });

  it('answers 422 when the key comes back with a different body', async () => {
    const { app, submitted } = makeApp();
    await request(app).post('/appeals').set('Idempotency-Key', 'k-2').send(body);
    const res = await request(app)
      .post('/appeals')
      .set('Idempotency-Key', 'k-2')
      .send({ ...body, text: 'Something else entirely' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:appeals:problem:idempotency-key-reused');
    expect(submitted()).toBe(1);
  });

  it.each([
    ['too long', 'k'.repeat(129)],
    ['with a space', 'two words'],
    ['outside visible ASCII', 'clé'],
  ])('answers 400 naming headers.idempotency-key for a key %s', async (_name, key) => {
    const { app, submitted } = makeApp();
    const res = await request(app).post('/appeals').set('Idempotency-Key', key).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
    expect(submitted()).toBe(0);
  });

  it('answers 409 to a duplicate while the first is still running', async () => {
    const { app, hold, submitted } = makeApp();
    const { open, reached } = hold();
    const first = request(app)
      .post('/appeals')
      .set('Idempotency-Key', 'k-3')
      .send(body)
      .then((r) => r);
    await reached;
    const duplicate = await request(app).post('/appeals').set('Idempotency-Key', 'k-3').send(body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('urn:appeals:problem:idempotency-in-flight');
    open();
    expect((await first).status).toBe(201);
    const retry = await request(app).post('/appeals').set('Idempotency-Key', 'k-3').send(body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(submitted()).toBe(1);
  });

  it('keeps no failed answer, so a retry runs again', async () => {
    const { app } = makeApp();
    const failed = await request(app).post('/appeals').set('Idempotency-Key', 'k-4').send({ fail: true });
    expect(failed.status).toBe(409);
    const again = await request(app).post('/appeals').set('Idempotency-Key', 'k-4').send({ fail: true });
    expect(again.status).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps scopes apart: the same key from two users runs twice', async () => {
    const { app, submitted } = makeApp();
    await request(app).post('/appeals').set('X-User', 'a').set('Idempotency-Key', 'same').send(body);
    const other = await request(app)
      .post('/appeals')
      .set('X-User', 'b')
      .set('Idempotency-Key', 'same')
      .send(body);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(submitted()).toBe(2);
  });

  it('does nothing without the header', async () => {
    const { app, submitted } = makeApp();
    await request(app).post('/appeals').send(body);
    await request(app).post('/appeals').send(body);
    expect(submitted()).toBe(2);
  });
});

describe('in-memory idempotency store', () => {
  it('forgets answers after their time to live', async () => {
    let now = 0;
    const store = createInMemoryIdempotencyStore({ ttlMs: 1000, now: () => now });
    await store.put('k', { status: 201, body: { id: 1 }, requestHash: 'h' });
    now = 999;
    expect(await store.get('k')).toEqual({ status: 201, body: { id: 1 }, requestHash: 'h' });
    now = 1000;
    expect(await store.get('k')).toBeUndefined();
  });

  it('drops the oldest entries beyond its capacity', async () => {
    const store = createInMemoryIdempotencyStore({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await store.put(key, { status: 200, body: key, requestHash: key });
    expect(await store.get('a')).toBeUndefined();
    expect((await store.get('c'))?.body).toBe('c');
  });
});
