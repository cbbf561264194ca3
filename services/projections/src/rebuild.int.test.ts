import { applicantStream } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import { createApiRegistry } from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import { randomUUID } from 'node:crypto';
import { actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { ProjectionMeta, ViewGenerations, viewNamesOf, type ViewNames } from './generations';
import { bucketId, type StatsBucket } from './statsBuckets';
import { settleStats } from './statsDirty';
import { bucketsOf } from './statsScenario';
import { startProjector } from './projector';
import { createProjectionsService } from './projections.service';
import { createViewRebuilder, type RebuildProgress, type ViewRebuilder } from './rebuild';
import { Views } from './views';

// Rebuilding the read views from the event log while the system runs: the projections service on the test platform
// (commands → event store → relay → in-process bus → live projector), with a rebuild into the next generation.

const ADMIN = { sub: 'admin-1', role: 'admin' as const };
const HEAD = actors.head;

let s: TestPlatform;
afterEach(async () => {
  await s.stop();
});

/** Everything one generation of the views holds, revisions included; of the statistics, see bucketsOf. */
/** The views as a reader finds them (the statistics days the projector marked recomputed first, as reads do). */
const snapshot = async (views: ReadStore, names: ViewNames) => {
  await settleStats(views, names);
  return viewsOf(views, names);
};
const viewsOf = async (views: ReadStore, names: ViewNames) => ({
  detail: await views.find(names.detail, { sort: [['appealId', 'asc']], limit: 1000 }),
  summary: await views.find(names.summary, { sort: [['appealId', 'asc']], limit: 1000 }),
  personal: await views.find(names.personal, { sort: [['appealId', 'asc']], limit: 1000 }),
  stats: await bucketsOf(views, names),
});

/** Appeals in several states: registered (no routing), needs triage, routed, in progress, heard, withdrawn. */
async function appealsInSeveralStates(p: TestPlatform): Promise<string[]> {
  const registered = await p.submitAppeal();
  const triage = await p.submitAppeal({ categoryId: 'education' });
  await p.commands.execute(
    triage,
    { type: 'MarkNeedsTriage', now: p.clock(), actor: actors.rules, data: { reason: 'Нет правила' } },
    { service: 'routing' },
  );
  const routed = await p.routedAppeal();
  p.advance(3_600_000);
  const inProgress = await p.routedAppeal({ kind: 'complaint' });
  await p.commands.execute(
    inProgress,
    { type: 'AssignExecutors', now: p.clock(), actor: HEAD, data: { executorIds: ['exec-1'] } },
    { service: 'response' },
  );
  await p.commands.execute(
    inProgress,
    {
      type: 'RecordHearing',
      now: p.clock(),
      actor: HEAD,
      data: { held: false, reason: 'Заявитель не ответил' },
    },
    { service: 'response' },
  );
  const withdrawn = await p.routedAppeal();
  await p.commands.execute(
    withdrawn,
    { type: 'WithdrawAppeal', now: p.clock(), actor: actors.citizen, data: { reason: 'Решено' } },
    { service: 'response' },
  );
  return [registered, triage, routed, inProgress, withdrawn];
}

/** The platform's event store, with a hook run before each `readAll` (to act in the middle of a rebuild). */
function hookedStore(store: EventStore, before: (call: number) => Promise<void>): EventStore {
  let calls = 0;
  return {
    ...store,
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    onAppended: (listener) => store.onAppended(listener),
    close: () => store.close(),
    async readAll(options) {
      await before(++calls);
      return store.readAll(options);
    },
  };
}

async function platformWithLiveProjector() {
  s = createTestPlatform();
  const generations = new ViewGenerations(s.views);
  await generations.load();
  await startProjector(s.bus, s, 'projections', generations);
  return generations;
}

describe('a rebuild from zero', () => {
  it('yields documents equal to the live ones, then serves them from the new generation and drops the old', async () => {
    const generations = await platformWithLiveProjector();
    const ids = await appealsInSeveralStates(s);
    await s.settled();
    const live = await snapshot(s.views, Views);
    expect(live.detail.total).toBe(ids.length);
    expect(new Set(live.summary.items.map((a) => a['status']))).toEqual(
      new Set(['registered', 'needs_triage', 'routed', 'in_progress', 'withdrawn']),
    );

    const rebuilder = createViewRebuilder({
      store: s.store,
      views: s.views,
      generations,
      clock: s.clock,
      batchSize: 3,
    });
    const started = rebuilder.start();
    await rebuilder.finished();

    expect(started).toMatchObject({ state: 'running', generation: 2, percent: 0 });
    expect(generations.generation).toBe(2);
    expect(await snapshot(s.views, viewNamesOf(2))).toEqual(live);
    expect(await snapshot(s.views, Views)).toEqual({
      detail: { items: [], total: 0, totalExact: true },
      summary: { items: [], total: 0, totalExact: true },
      personal: { items: [], total: 0, totalExact: true },
      stats: [],
    });

    // and again: generation 3 from generation 2
    rebuilder.start();
    await rebuilder.finished();
    expect(generations.current()).toEqual({
      detail: 'appeal_detail__g3',
      summary: 'appeal_summary__g3',
      personal: 'appeal_personal__g3',
      stats: 'appeal_stats__g3',
      statsDirty: 'appeal_stats_dirty__g3',
      faq: 'faq_entry__g3',
    });
    expect(await snapshot(s.views, viewNamesOf(3))).toEqual(live);
    expect((await s.views.find(viewNamesOf(2).detail)).total).toBe(0);
  });

  it("writes each document of the new generation once, and reads none back, though the appeals' events span pages of the log (the details stay in memory; the statistics are summed from the summaries at the end)", async () => {
    // A rebuild shares the read store with the live projector: writing per event, it took the read store's whole
    // capacity (FerretDB) for minutes while the cluster ran, and the live views fell behind by more than that.
    const generations = await platformWithLiveProjector();
    const ids = await appealsInSeveralStates(s);
    await s.settled();
    const live = await snapshot(s.views, Views);
    const target = viewNamesOf(2);
    const reads = new Map<string, number>();
    const writes = new Map<string, number>();
    const count = (counts: Map<string, number>, collection: string, id: string) => {
      if (Object.values(target).includes(collection as never))
        counts.set(`${collection}/${id}`, (counts.get(`${collection}/${id}`) ?? 0) + 1);
    };
    const views = s.views;
    const counted: ReadStore = {
      upsert: (collection, id, doc, revision) => {
        count(writes, collection, id);
        return views.upsert(collection, id, doc, revision);
      },
      get: (collection, id) => {
        count(reads, collection, id);
        return views.get(collection, id);
      },
      find: (collection, query) => views.find(collection, query),
      findItems: (collection, query) => views.findItems(collection, query),
      ensureIndex: (collection, fields) => views.ensureIndex(collection, fields),
      drop: (collection) => views.drop(collection),
      close: () => views.close(),
    };
    const rebuilder = createViewRebuilder({
      store: s.store,
      views: counted,
      generations,
      clock: s.clock,
      batchSize: 3,
    });
    rebuilder.start();
    await rebuilder.finished();

    expect(generations.generation).toBe(2);
    expect(await snapshot(s.views, target)).toEqual(live);
    const once = (collection: string) => Object.fromEntries(ids.map((id) => [`${collection}/${id}`, 1]));
    // the statistics buckets: each written once
    const buckets = (await s.views.findItems<StatsBucket>(target.stats)).map(
      (b) => `${target.stats}/${bucketId(b.level, b.agencyId, b.period)}`,
    );
    const bucketsOnce = Object.fromEntries(buckets.map((id) => [id, 1]));
    expect(buckets.length).toBeGreaterThan(0);
    expect(Object.fromEntries(writes)).toEqual({
      ...once(target.detail),
      ...once(target.summary),
      ...bucketsOnce,
    });
    expect(Object.fromEntries(reads)).toEqual({});
  });

  it('gives way to the live projector: no read or write of the new generation while a live step runs', async () => {
    const generations = await platformWithLiveProjector();
    await appealsInSeveralStates(s);
    await s.settled();
    const target = Object.values(viewNamesOf(2));
    const touched: string[] = [];
    const views = s.views;
    const watched: ReadStore = {
      upsert: (collection, id, doc, revision) => {
        if (target.includes(collection as never)) touched.push(`upsert ${collection}`);
        return views.upsert(collection, id, doc, revision);
      },
      get: (collection, id) => {
        if (target.includes(collection as never)) touched.push(`get ${collection}`);
        return views.get(collection, id);
      },
      find: (collection, query) => views.find(collection, query),
      findItems: (collection, query) => views.findItems(collection, query),
      ensureIndex: (collection, fields) => views.ensureIndex(collection, fields),
      drop: (collection) => views.drop(collection),
      close: () => views.close(),
    };
    let finishLiveStep: () => void = () => undefined;
    const liveStep = generations.withActive(() => new Promise<void>((resolve) => (finishLiveStep = resolve)));
    const rebuilder = createViewRebuilder({
      store: s.store,
      views: watched,
      generations,
      clock: s.clock,
    });
    rebuilder.start();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(touched).toEqual([]);

    finishLiveStep();
    await liveStep;
    await rebuilder.finished();
    expect(touched.length).toBeGreaterThan(0);
    expect(generations.generation).toBe(2);
  });

  it('rebuilds what the live projector holds when an erasure is in the middle of the log: sealed details, no opened data', async () => {
    const generations = await platformWithLiveProjector();
    const [first] = await appealsInSeveralStates(s);
    await s.settled();
    const subjectId = (await s.views.get<{ subjectId: string }>(Views.detail, first!))!.subjectId;
    expect(await s.vault.erase(subjectId, s.clock())).toBe('erased');
    await s.store.append(
      applicantStream(subjectId),
      [
        {
          id: randomUUID(),
          type: 'ApplicantDataErased',
          data: { subjectId, erasedAt: s.clock().toISOString() },
          metadata: {},
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    await s.routedAppeal();
    await s.settled();
    const live = await snapshot(s.views, Views);
    expect(live.personal.total).toBe(0); // nothing opened, nothing to scrub

    const rebuilder = createViewRebuilder({
      store: s.store,
      views: s.views,
      generations,
      clock: s.clock,
    });
    rebuilder.start();
    await rebuilder.finished();
    expect(await snapshot(s.views, viewNamesOf(2))).toEqual(live);
  });

  it('takes in the appeals submitted and changed while it runs and while it switches', async () => {
    const generations = await platformWithLiveProjector();
    const before = await appealsInSeveralStates(s);
    await s.settled();
    const during: string[] = [];
    let whileSwitching: string | undefined;
    const run: { rebuilder?: ViewRebuilder; id?: string } = {};
    const store = hookedStore(s.store, async (call) => {
      const state = run.id && (await run.rebuilder?.progress(run.id))?.state;
      if (call === 6 && state === 'running') {
        // the live projector puts these in generation 1 while the rebuild is half way through the log
        during.push(await s.routedAppeal({ kind: 'complaint' }));
        await s.commands.execute(
          before[2]!,
          { type: 'AssignExecutors', now: s.clock(), actor: HEAD, data: { executorIds: ['exec-2'] } },
          { service: 'response' },
        );
        await s.settled();
      }
      if (state === 'switching' && !whileSwitching) {
        // the live projector is held: this one must come in through the final pass or after the switch
        whileSwitching = await s.routedAppeal();
      }
    });
    const rebuilder = createViewRebuilder({
      store,
      views: s.views,
      generations,
      clock: s.clock,
      batchSize: 2,
    });
    run.rebuilder = rebuilder;
    const runId = rebuilder.start().id;
    run.id = runId;
    await rebuilder.finished();
    await s.settled();

    expect(await rebuilder.progress(runId)).toMatchObject({ state: 'done' });
    expect(during).toHaveLength(1);
    expect(whileSwitching).toBeDefined();
    const g2 = viewNamesOf(2);
    for (const id of [...before, ...during, whileSwitching!]) {
      const doc = await s.views.get(g2.detail, id);
      expect(doc?._revision).toBe((await s.events(id)).length - 1);
    }
    expect(await s.views.get(g2.summary, before[2]!)).toMatchObject({ executorIds: ['exec-2'] });

    // the same as a projection of the whole log from zero
    const fresh = createTestPlatform();
    try {
      const generationsOfFresh = new ViewGenerations(fresh.views);
      const replay = createViewRebuilder({
        store: s.store,
        views: fresh.views,
        generations: generationsOfFresh,
        clock: s.clock,
      });
      replay.start();
      await replay.finished();
      expect(await snapshot(fresh.views, viewNamesOf(2))).toEqual(await snapshot(s.views, g2));
    } finally {
      await fresh.stop();
    }
  });

  it('reports progress from 0 to 100 and done, with the events of the log at the start as the total', async () => {
    const generations = await platformWithLiveProjector();
    await appealsInSeveralStates(s);
    await s.settled();
    const total = await s.logSize();
    const seen: RebuildProgress[] = [];
    const run: { id?: string } = {};
    const store = hookedStore(s.store, async () => {
      const progress = run.id === undefined ? undefined : await rebuilder.progress(run.id);
      if (progress) seen.push(progress);
    });
    const rebuilder = createViewRebuilder({
      store,
      views: s.views,
      generations,
      clock: s.clock,
      batchSize: 4,
    });
    const started = rebuilder.start();
    run.id = started.id;
    await rebuilder.finished();
    const done = await rebuilder.progress(started.id);

    expect(started).toMatchObject({ state: 'running', eventsProcessed: 0, percent: 0, finishedAt: null });
    expect(done).toMatchObject({
      state: 'done',
      eventsProcessed: total,
      eventsTotal: total,
      percent: 100,
      startedAt: s.clock().toISOString(),
      finishedAt: s.clock().toISOString(),
    });
    const percents = seen.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(seen.map((p) => p.state)).toContain('switching');
  });

  it('fails without switching when the log cannot be read, and the next rebuild works', async () => {
    const generations = await platformWithLiveProjector();
    const [id] = await appealsInSeveralStates(s);
    await s.settled();
    const store = hookedStore(s.store, (call) =>
      call === 3 ? Promise.reject(new Error('log unavailable')) : Promise.resolve(),
    );
    const broken = createViewRebuilder({
      store,
      views: s.views,
      generations,
      clock: s.clock,
      batchSize: 2,
    });
    const run = broken.start();
    await broken.finished();

    expect(await broken.progress(run.id)).toMatchObject({ state: 'failed', error: 'log unavailable' });
    expect(generations.generation).toBe(1);
    expect(await s.views.get(Views.detail, id!)).not.toBeNull();
    expect((await s.views.find(viewNamesOf(2).detail)).total).toBe(0);

    // the live projector was never held for good
    const later = await s.routedAppeal();
    await s.settled();
    expect(await s.views.get(Views.detail, later)).not.toBeNull();
  });
});

describe('a rebuild the service stopped', () => {
  it('ends interrupted where it stopped, keeps what it built, and a later process resumes it to the same documents', async () => {
    const generations = await platformWithLiveProjector();
    await appealsInSeveralStates(s);
    await s.settled();
    const live = await snapshot(s.views, Views);
    const total = await s.logSize();
    const options = { views: s.views, generations, clock: s.clock, batchSize: 3 };
    // the service is stopped while the third page is applied
    const first = createViewRebuilder({
      ...options,
      store: hookedStore(s.store, async (call) => {
        // call n reads page n, ahead, while page n - 1 is applied: stopped as page 3 is applied, it ends after it
        if (call === 4) void first.stop();
      }),
    });
    const run = first.start();
    await first.finished();
    const stopped = await first.progress(run.id);
    expect(stopped).toMatchObject({
      state: 'interrupted',
      generation: 2,
      eventsProcessed: 9,
      eventsTotal: total,
    });
    expect(stopped?.checkpoint).toEqual(expect.any(String));
    expect(stopped?.eventsPerSecond).toBeGreaterThan(0);
    expect(generations.generation).toBe(1);
    expect((await s.views.find(viewNamesOf(2).detail)).total).toBeGreaterThan(0);

    // a new process on the same read store goes on from the checkpoint
    const second = createViewRebuilder({ ...options, store: s.store });
    const resumed = await second.resume(run.id);
    expect(resumed).toMatchObject({ id: run.id, state: 'running', eventsProcessed: 9 });
    await second.finished();
    expect(await second.progress(run.id)).toMatchObject({
      state: 'done',
      eventsProcessed: total,
      percent: 100,
      etaSeconds: 0,
    });
    expect(generations.generation).toBe(2);
    expect(await snapshot(s.views, viewNamesOf(2))).toEqual(live);
  });

  it('refuses to resume a rebuild that is done, unknown, or no longer builds the next generation', async () => {
    const generations = await platformWithLiveProjector();
    await s.routedAppeal();
    await s.settled();
    const rebuilder = createViewRebuilder({
      store: s.store,
      views: s.views,
      generations,
      clock: s.clock,
    });
    const done = rebuilder.start();
    await rebuilder.finished();
    await expect(rebuilder.resume(done.id)).rejects.toThrow(/is done: only an interrupted rebuild goes on/);
    await expect(rebuilder.resume(randomUUID())).rejects.toThrow(/No rebuild .* to resume/);
  });
});

describe('POST /admin/projections/rebuild', () => {
  async function startService(wrapStore: (store: EventStore) => EventStore = (store) => store) {
    s = createTestPlatform();
    const service = createProjectionsService({ ...s, store: wrapStore(s.store) });
    s.mount(service.router);
    await service.start();
    return service;
  }

  it('starts a rebuild (202 with its id and Location), whose progress the admin follows to done', async () => {
    const service = await startService();
    const id = await s.routedAppeal();
    await s.settled();

    const res = await s.post('/admin/projections/rebuild', ADMIN);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      state: 'running',
      percent: 0,
      eventsProcessed: 0,
    });
    expect(res.headers['location']).toBe(`/api/v1/admin/projections/rebuild/${res.body.id}`);
    await service.rebuilder.finished();

    const progress = await s.get(`/admin/projections/rebuild/${res.body.id}`, ADMIN);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ state: 'done', percent: 100, eventsTotal: 3, eventsProcessed: 3 });
    expect(Object.keys(progress.body).sort()).toEqual([
      'checkpoint',
      'etaSeconds',
      'eventsPerSecond',
      'eventsProcessed',
      'eventsTotal',
      'eventsTotalExact',
      'finishedAt',
      'generation',
      'id',
      'percent',
      'startedAt',
      'state',
    ]);
    // reads now come from the new generation
    const detail = await s.get(`/appeals/${id}`, principals.head);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ appealId: id, status: 'routed', version: 2 });
    expect(await s.views.get(Views.detail, id)).toBeNull();
  });

  it('answers 409 naming body.resume for a rebuild that cannot be resumed, 400 for a body that names none', async () => {
    const service = await startService();
    await s.routedAppeal();
    await s.settled();
    const started = await s.post('/admin/projections/rebuild', ADMIN);
    await service.rebuilder.finished();
    const again = await s.post('/admin/projections/rebuild', ADMIN, { resume: started.body.id });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body.errors).toEqual([{ field: 'body.resume', message: expect.stringMatching(/is done/) }]);
    const bad = await s.post('/admin/projections/rebuild', ADMIN, { resume: 'not-an-id' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/resume/);
    await service.stop();
  });

  it('answers 409 while a rebuild runs', async () => {
    let letGo: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    const service = await startService((store) => hookedStore(store, () => gate)); // the rebuild waits at the gate

    const first = await s.post('/admin/projections/rebuild', ADMIN);
    const second = await s.post('/admin/projections/rebuild', ADMIN);
    letGo();
    await service.rebuilder.finished();

    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(second.body).toMatchObject({ status: 409, runningId: first.body.id });
    expect((await s.post('/admin/projections/rebuild', ADMIN)).status).toBe(202);
    await service.rebuilder.finished();
  });

  it('answers 403 to anyone but an admin, and 404 for an unknown rebuild', async () => {
    const service = await startService();
    const started = await s.post('/admin/projections/rebuild', ADMIN);
    await service.rebuilder.finished();

    expect((await s.post('/admin/projections/rebuild', undefined)).status).toBe(401);
    expect((await s.get(`/admin/projections/rebuild/${started.body.id}`, undefined)).status).toBe(401);
    for (const who of [principals.citizen, principals.head, { sub: 'aud-1', role: 'auditor' as const }]) {
      const post = await s.post('/admin/projections/rebuild', who);
      expect(post.status).toBe(403);
      expect(post.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await s.get(`/admin/projections/rebuild/${started.body.id}`, who)).status).toBe(403);
    }
    expect(
      (await s.get('/admin/projections/rebuild/5f0c1b8e-8d0b-4a55-9a55-0d6c1c1f0c11', ADMIN)).status,
    ).toBe(404);
    expect(service.generations.generation).toBe(2);
  });

  it('is described in the OpenAPI document', async () => {
    await startService();
    const paths = Object.keys(s.registry.document().paths ?? {});
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/admin/projections/rebuild', '/api/v1/admin/projections/rebuild/{id}']),
    );
  });

  it('keeps the active generation across a restart, and the progress readable', async () => {
    const first = await startService();
    const id = await s.routedAppeal();
    await s.settled();
    const started = await s.post('/admin/projections/rebuild', ADMIN);
    await first.rebuilder.finished();
    await first.stop();
    expect(await s.views.get(ProjectionMeta.collection, ProjectionMeta.id)).toMatchObject({ generation: 2 });

    // a new process on the same read store
    const second = createProjectionsService({
      ...s,
      registry: createApiRegistry({ title: 't', version: '0' }),
    });
    await second.start();
    expect(second.generations.generation).toBe(2);
    expect(await second.rebuilder.progress(started.body.id)).toMatchObject({ state: 'done', percent: 100 });
    await s.commands.execute(
      id,
      { type: 'AssignExecutors', now: s.clock(), actor: HEAD, data: { executorIds: ['exec-1'] } },
      { service: 'response' },
    );
    await s.settled();
    expect(await s.views.get(viewNamesOf(2).summary, id)).toMatchObject({
      status: 'in_progress',
      _revision: 3,
    });
    expect(await s.views.get(Views.summary, id)).toBeNull();
    await second.stop();
  });
});
