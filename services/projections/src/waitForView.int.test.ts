import type { Principal } from '@appeals/http';
import { createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import request from 'supertest';
import { createProjectionsService } from './projections.service';

// Read-your-writes on GET /appeals/{id}: the projections service on the test platform (commands → event store →
// relay → in-process bus → projector → read store), a reader waiting for a version or a status while commands run.
// Nothing here re-reads on a timer (no recheck): only the projector's writes wake a waiting reader.

const HEAD = principals.head; // Bostandyk, where s.route() sends an appeal
const SIBLING: Principal = { sub: 'head-almaly', role: 'head', agencyId: 'akimat-almaty-almaly' };
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };

let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;

async function start(options: { maxViewWatches?: number } = {}) {
  s = createTestPlatform();
  service = createProjectionsService({ ...s, ...options });
  s.mount(service.router);
  await service.start();
  await s.settled(); // starts the relay: from here on events flow on their own
}
afterEach(async () => {
  await service.stop();
  await s.stop();
});

/** Resolves once `n` readers wait (so the command that follows happens during their wait). */
async function waiting(n = 1) {
  for (let i = 0; i < 500 && service.changes.watching !== n; i++) await new Promise((r) => setTimeout(r, 5));
  expect(service.changes.watching).toBe(n);
}

const read = (id: string, who: Principal | undefined, query: string) => s.get(`/appeals/${id}?${query}`, who);
const waitHeader = (res: Response) => res.headers['wait-condition'];

describe('command answers and the view agree on the version', () => {
  it('the version a command answered is the view’s `version` and its ETag', async () => {
    await start();
    const id = await s.submitAppeal();
    const routed = await s.route(id);
    const res = await read(id, HEAD, `minVersion=${routed.version}&waitMs=5000`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'routed', version: routed.version });
    expect(res.headers['etag']).toBe(`W/"${routed.version}"`);
    expect(waitHeader(res)).toBe('met');
  });
});

describe('GET /appeals/{id} with a wait condition', () => {
  it('answers at once when the view is there already, without waiting', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const res = await read(id, HEAD, 'minVersion=2&waitMs=10000');
    expect(res.status).toBe(200);
    expect(waitHeader(res)).toBe('met');
    expect(service.changes.watching).toBe(0);
  });

  it('answers as soon as the projector writes the version waited for', async () => {
    await start();
    const id = await s.submitAppeal();
    await s.settled();
    const pending = read(id, AUDITOR, 'minVersion=2&waitMs=10000');
    await waiting();
    await s.route(id);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, status: 'routed' });
    expect(waitHeader(res)).toBe('met');
    expect(service.changes.watching).toBe(0);
  });

  it('waits for one of the statuses in waitFor (a downstream effect whose version the caller cannot know)', async () => {
    await start();
    const id = await s.submitAppeal();
    await s.settled();
    const pending = read(id, AUDITOR, 'waitFor=needs_triage,routed&waitMs=10000');
    await waiting();
    await s.route(id);
    const res = await pending;
    expect(res.body.status).toBe('routed');
    expect(waitHeader(res)).toBe('met');
  });

  it('answers the current state, saying so, when the wait ends first (and when it does not wait at all)', async () => {
    await start();
    const id = await s.submitAppeal();
    await s.settled();
    const waited = await read(id, AUDITOR, 'minVersion=7&waitMs=200');
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ version: 1, status: 'registered' });
    expect(waitHeader(waited)).toBe('unmet');
    expect(service.changes.watching).toBe(0);

    const atOnce = await read(id, AUDITOR, 'waitFor=answered');
    expect(atOnce.body.version).toBe(1);
    expect(waitHeader(atOnce)).toBe('unmet');
    expect(waitHeader(await read(id, AUDITOR, ''))).toBeUndefined(); // a plain read says nothing of waiting
  });

  it('waits for an appeal that is not in the views yet (right after filing)', async () => {
    await start();
    const appealId = randomUUID();
    const pending = read(appealId, AUDITOR, 'waitMs=10000');
    await waiting();
    await s.submitAppeal({ appealId });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.appealId).toBe(appealId);
  });

  it.each([
    ['minVersion=-1', 'query.minVersion'],
    ['minVersion=abc', 'query.minVersion'],
    ['minVersion=1.5', 'query.minVersion'],
    ['waitMs=10001', 'query.waitMs'],
    ['waitMs=-5', 'query.waitMs'],
    ['waitFor=routed,lost', 'query.waitFor'],
    ['waitFor=', 'query.waitFor'],
    ['wait=1', 'query.wait'],
  ])('refuses %s with 400 problem+json naming %s', async (query, field) => {
    await start();
    const id = await s.routedAppeal();
    const res = await read(id, AUDITOR, query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('documents the wait parameters and the answer headers in OpenAPI', async () => {
    await start();
    const doc = JSON.parse(JSON.stringify(s.registry.document())) as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string }>; responses: Record<string, { headers?: object }> } }
      >;
    };
    const get = doc.paths['/api/v1/appeals/{id}']!.get;
    const names = get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['id', 'trackingCode', 'minVersion', 'waitFor', 'waitMs']));
    const ok = get.responses['200'];
    expect(Object.keys(ok?.headers ?? {})).toEqual(['Wait-Condition', 'ETag']);
  });
});

describe('waiting does not leak what reading would not', () => {
  it('answers 404 to a caller who may not see the appeal only when the wait ends, as for no appeal at all', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const began = Date.now();
    const hidden = await read(id, SIBLING, 'minVersion=0&waitMs=300');
    const hiddenMs = Date.now() - began;
    const missing = await read(randomUUID(), SIBLING, 'minVersion=0&waitMs=300');
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.detail).toBe(missing.body.detail);
    expect(hiddenMs).toBeGreaterThanOrEqual(290); // it waited like for a missing one, not refused at once
  });

  it('a change the caller may not see wakes nothing they can observe; one that makes it theirs answers 200', async () => {
    await start();
    const id = await s.submitAppeal(); // not routed: waits at the top of the tree, not visible to Bostandyk
    await s.settled();
    const pending = read(id, HEAD, 'waitFor=routed&waitMs=10000');
    await waiting();
    await s.route(id); // to Bostandyk: now the head's
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'routed', agencyId: HEAD.agencyId });
  });

  it('keeps the policy row: the press is refused before any wait', async () => {
    await start();
    const id = await s.routedAppeal();
    const res = await read(id, { sub: 'press-1', role: 'press' }, 'waitMs=10000');
    expect(res.status).toBe(403);
    expect(service.changes.watching).toBe(0);
  });
});

describe('waiters are released', () => {
  it('when the client goes away before the wait ends', async () => {
    await start();
    const id = await s.submitAppeal();
    await s.settled();
    const leaving = request(s.app)
      .get(`/api/v1/appeals/${id}?minVersion=9&waitMs=10000`)
      .set('authorization', await s.token(AUDITOR))
      .timeout(150);
    await expect(leaving).rejects.toThrow(/Timeout/);
    for (let i = 0; i < 100 && service.changes.watching > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(service.changes.watching).toBe(0);
  });

  it('when the service stops: a waiting reader gets the current state at once', async () => {
    await start();
    const id = await s.submitAppeal();
    await s.settled();
    const pending = read(id, AUDITOR, 'minVersion=9&waitMs=10000');
    await waiting();
    service.changes.close();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(waitHeader(res)).toBe('unmet');
  });

  it('and bounded: past the limit a reader gets 503 with Retry-After instead of waiting', async () => {
    await start({ maxViewWatches: 1 });
    const id = await s.submitAppeal();
    await s.settled();
    const first = read(id, AUDITOR, 'minVersion=2&waitMs=10000');
    await waiting();
    const second = await read(id, AUDITOR, 'minVersion=2&waitMs=10000');
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    await s.route(id);
    expect((await first).status).toBe(200);
  });
});

describe('waiting across a rebuild of the views', () => {
  it('a reader is answered from the new generation once the rebuild switches to it', async () => {
    // no live projector: the views are empty until a rebuild fills generation 2 (unannounced) and switches
    s = createTestPlatform();
    service = createProjectionsService(s);
    s.mount(service.router);
    await service.generations.load();
    const id = await s.routedAppeal();
    const pending = read(id, AUDITOR, 'minVersion=2&waitMs=10000');
    await waiting();
    service.rebuilder.start();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, status: 'routed' });
    expect(service.generations.generation).toBe(2);
  });
});
