import type { Actor } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { createProjectionsService } from './projections.service';

// Search and public statistics on the projections service, on the test platform (commands → event store → relay →
// in-process bus → projector → read store), with a scripted story on the KZ 2026 calendar and an injected clock.
//
//   a1  application, Mon 2 Mar 10:00 → Bostandyk, due Fri 27 Mar; answered Thu 5 Mar 10:00 (3 days, on time), rated 4
//   a2  application, Mon 2 Mar 10:10 → Bostandyk, due 27 Mar; answered Fri 6 Mar 16:10 (4.25 days, on time), rated 5
//   a3  application, Mon 2 Mar 10:20 → Bostandyk, due 27 Mar; still open
//   a4  education,   Mon 2 Mar 10:30 → Ministry of Education (mon), due 27 Mar; open, deemed refused on 28 Mar
//   b1  public-service complaint, Tue 3 Mar 10:00 → Almaty city akimat, due Wed 11 Mar;
//       answered Fri 13 Mar 10:00 (10 days, late), rated 2
// "Now" for the figures is Mon 30 Mar 10:00: a3 and a4 are open past their deadline.

const BOSTANDYK = 'akimat-almaty-bostandyk';
const CITY = 'akimat-almaty';

const staff = (role: Principal['role'], agencyId: string): Principal => ({
  sub: `${role}-${agencyId}`,
  role,
  agencyId,
});
const asActor = (p: Principal): Actor => ({ id: p.sub, role: p.role, agencyId: p.agencyId! });

let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;

async function start(statsCacheMs = 0) {
  s = createTestPlatform();
  service = createProjectionsService({
    store: s.store,
    bus: s.bus,
    views: s.views,
    vault: s.vault,
    catalog: s.catalog,
    clock: s.clock,
    registry: s.registry,
    idempotency: s.idempotency,
    statsCacheMs,
  });
  s.mount(service.router);
  await service.start();
}

async function stop() {
  await service.stop();
  await s.stop();
}

const run = (appealId: string, actor: Actor, type: string, data: object) =>
  s.commands.execute(appealId, { type, now: s.clock(), actor, data } as never, { service: 'response' });

/** Assigns, drafts, approves and sends an answer at the clock, as the agency's head and executor. */
async function answer(appealId: string, agencyId: string) {
  const head = asActor(staff('head', agencyId));
  const executor = asActor(staff('executor', agencyId));
  const draftId = randomUUID();
  await run(appealId, head, 'AssignExecutors', { executorIds: [executor.id] });
  await run(appealId, executor, 'DraftAnswer', {
    draftId,
    text: 'Ответ по существу обращения.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  });
  await run(appealId, head, 'ApproveAnswer', { draftId });
  await run(appealId, head, 'SendAnswer', { draftId });
}

const rate = (appealId: string, score: number) => run(appealId, actors.citizen, 'RateAnswer', { score });

async function story() {
  const ids: Record<string, string> = {};
  s.setNow('2026-03-02T10:00:00+05:00');
  ids.a1 = await s.submitAppeal();
  await s.route(ids.a1, BOSTANDYK);
  s.setNow('2026-03-02T10:10:00+05:00');
  ids.a2 = await s.submitAppeal();
  await s.route(ids.a2, BOSTANDYK);
  s.setNow('2026-03-02T10:20:00+05:00');
  ids.a3 = await s.submitAppeal();
  await s.route(ids.a3, BOSTANDYK);
  s.setNow('2026-03-02T10:30:00+05:00');
  ids.a4 = await s.submitAppeal({ categoryId: 'education' });
  await s.route(ids.a4, 'mon');
  s.setNow('2026-03-03T10:00:00+05:00');
  ids.b1 = await s.submitAppeal({ kind: 'public_service_complaint', regionKato: '750000000' });
  await s.route(ids.b1, CITY);

  s.setNow('2026-03-05T10:00:00+05:00');
  await answer(ids.a1, BOSTANDYK);
  s.setNow('2026-03-06T16:10:00+05:00');
  await answer(ids.a2, BOSTANDYK);
  s.setNow('2026-03-07T12:00:00+05:00');
  await rate(ids.a1, 4);
  await rate(ids.a2, 5);
  s.setNow('2026-03-13T10:00:00+05:00');
  await answer(ids.b1, CITY);
  await rate(ids.b1, 2);
  s.setNow('2026-03-28T10:00:00+05:00');
  await run(ids.a4, { id: 'deadline-watch', role: 'system' }, 'MarkDeemedRefused', {});
  s.setNow('2026-03-30T10:00:00+05:00');
  await s.settled();
  return ids;
}

const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };
const ADMIN: Principal = { sub: 'admin-1', role: 'admin' };

describe('GET /appeals (search)', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    await start();
    ids = await story();
  });
  afterAll(stop);

  const search = (who: Principal | undefined, query = '') => s.get(`/appeals${query}`, who);
  const found = (body: { items: Array<{ appealId: string }> }) =>
    body.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.appealId));

  it('gives auditors and admins every appeal, newest registration first, with SLA state', async () => {
    for (const who of [AUDITOR, ADMIN]) {
      const reply = await search(who);
      expect(reply.status).toBe(200);
      expect(found(reply.body)).toEqual(['b1', 'a4', 'a3', 'a2', 'a1']);
      expect(reply.body.total).toBe(5);
    }
    const reply = await search(AUDITOR);
    expect(reply.body.items.map((i: { sla: string }) => i.sla)).toEqual([
      'closed',
      'overdue',
      'overdue',
      'closed',
      'closed',
    ]);
  });

  it('keeps staff within their agency subtree, by default and when they name an agency in it', async () => {
    expect(found((await search(staff('head', CITY))).body)).toEqual(['b1', 'a3', 'a2', 'a1']);
    expect(found((await search(staff('registrar', BOSTANDYK))).body)).toEqual(['a3', 'a2', 'a1']);
    expect(found((await search(staff('executor', 'mon'))).body)).toEqual(['a4']);
    expect(found((await search(staff('head', CITY), `?agencyId=${BOSTANDYK}`)).body)).toEqual([
      'a3',
      'a2',
      'a1',
    ]);
    expect(found((await search(AUDITOR, `?agencyId=${CITY}`)).body)).toEqual(['b1', 'a3', 'a2', 'a1']);
  });

  it('refuses staff asking about an agency outside their subtree, applicants and the press with 403, anonymous callers with 401', async () => {
    const refused: Array<[Principal | undefined, string]> = [
      [staff('registrar', BOSTANDYK), `?agencyId=${CITY}`],
      [staff('executor', 'mon'), `?agencyId=${BOSTANDYK}`],
      [{ sub: 'citizen-1', role: 'applicant' }, ''],
      [{ sub: 'press-1', role: 'press' }, ''],
    ];
    const anonymous = await search(undefined, '');
    expect({ status: anonymous.status, type: anonymous.type }).toEqual({
      status: 401,
      type: 'application/problem+json',
    });
    for (const [who, query] of refused) {
      const reply = await search(who, query);
      expect({ who: who?.sub, status: reply.status, type: reply.type }).toEqual({
        who: who?.sub,
        status: 403,
        type: 'application/problem+json',
      });
    }
  });

  it('filters by registration number, status and registration period (dates are days in UTC+05:00)', async () => {
    const a2 = (await s.get(`/appeals/${ids.a2}`, AUDITOR)).body;
    expect(found((await search(AUDITOR, `?registrationNumber=${a2.registrationNumber}`)).body)).toEqual([
      'a2',
    ]);
    expect(found((await search(AUDITOR, '?status=answered')).body)).toEqual(['b1', 'a2', 'a1']);
    expect(found((await search(AUDITOR, '?from=2026-03-03')).body)).toEqual(['b1']);
    expect(found((await search(AUDITOR, '?to=2026-03-02')).body)).toEqual(['a4', 'a3', 'a2', 'a1']);
    expect(found((await search(AUDITOR, '?from=2026-03-02&to=2026-03-02')).body)).toHaveLength(4);
    const exact = '?from=2026-03-02T10:10:00%2B05:00&to=2026-03-02T10:20:00%2B05:00';
    expect(found((await search(AUDITOR, exact)).body)).toEqual(['a3', 'a2']);
    expect(found((await search(AUDITOR, '?status=routed&agencyId=mon')).body)).toEqual(['a4']);
  });

  it('pages through the results, counting them all (up to the count limit) and saying the count is exact', async () => {
    const reply = await search(AUDITOR, '?limit=2&offset=1');
    expect(found(reply.body)).toEqual(['a4', 'a3']);
    expect(reply.body).toMatchObject({ total: 5, totalExact: true });
    expect((await search(AUDITOR, '?offset=10000')).body).toEqual({ items: [], total: 5, totalExact: true });
  });

  it('finds a registration number by that number, then keeps to the rest of the search', async () => {
    const a2 = (await s.get(`/appeals/${ids.a2}`, AUDITOR)).body;
    const byNumber = (query: string) =>
      search(AUDITOR, `?registrationNumber=${a2.registrationNumber}${query}`);

    expect((await byNumber('&status=answered')).body).toMatchObject({ total: 1, totalExact: true });
    expect((await byNumber('&status=routed')).body).toEqual({ items: [], total: 0, totalExact: true });
    expect((await byNumber('&agencyId=mon')).body).toEqual({ items: [], total: 0, totalExact: true });
    expect((await byNumber('&from=2026-03-03')).body).toEqual({ items: [], total: 0, totalExact: true });
    expect(
      (await search(staff('executor', 'mon'), `?registrationNumber=${a2.registrationNumber}`)).body.total,
    ).toBe(0);
  });

  it('answers bad input with 400 problem+json naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['?from=2026-02-30', 'query.from'],
      ['?to=yesterday', 'query.to'],
      ['?from=2026-03-05&to=2026-03-04', 'query.to'],
      ['?status=lost', 'query.status'],
      ['?agencyId=nowhere', 'query.agencyId'],
      ['?limit=0', 'query.limit'],
      ['?offset=10001', 'query.offset'],
      ['?colour=red', 'query.colour'],
    ];
    for (const [query, field] of cases) {
      const reply = await search(AUDITOR, query);
      expect({ query, status: reply.status, type: reply.type }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json',
      });
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});

describe('GET /stats/agencies', () => {
  beforeEach(() => start());
  afterEach(stop);

  // in the catalog's order: the ministry, the city akimat, then its district
  const FIGURES = [
    {
      agencyId: 'mon',
      received: 1,
      answered: 0,
      answeredOnTime: 0,
      answeredOnTimePct: null,
      avgAnswerDays: null,
      overdueNow: 1,
      deemedRefused: 1,
      avgRating: null,
      ratings: 0,
    },
    {
      agencyId: CITY,
      received: 1,
      answered: 1,
      answeredOnTime: 0,
      answeredOnTimePct: 0,
      avgAnswerDays: 10,
      overdueNow: 0,
      deemedRefused: 0,
      avgRating: 2,
      ratings: 1,
    },
    {
      agencyId: BOSTANDYK,
      received: 3,
      answered: 2,
      answeredOnTime: 2,
      answeredOnTimePct: 100,
      avgAnswerDays: 3.6, // (3 + 4.25) / 2 = 3.625
      overdueNow: 1,
      deemedRefused: 0,
      avgRating: 4.5,
      ratings: 2,
    },
  ];
  const figures = (body: { items: Array<Record<string, unknown>> }) =>
    body.items.map(({ name: _name, ...rest }) => rest);

  it('is public, and counts each agency on its own from the views, as of now', async () => {
    await story();

    const reply = await s.get('/stats/agencies');

    expect(reply.status).toBe(200);
    expect(reply.body.generatedAt).toBe('2026-03-30T05:00:00.000Z');
    expect(figures(reply.body)).toEqual(FIGURES);
    expect(reply.body.items[2].name).toEqual(s.catalog.agency(BOSTANDYK)!.name);
  });

  it('counts overdue appeals as of the clock', async () => {
    await story();
    s.setNow('2026-03-27T12:00:00+05:00'); // before the 27 Mar deadlines end (23:59:59 local)

    const reply = await s.get('/stats/agencies');

    expect(reply.body.items.map((i: { overdueNow: number }) => i.overdueNow)).toEqual([0, 0, 0]);
  });

  it('limits the figures to the appeals registered within the period', async () => {
    await story();

    const onTheThird = await s.get('/stats/agencies?from=2026-03-03&to=2026-03-03');
    expect(figures(onTheThird.body)).toEqual([FIGURES[1]]);
    const onTheSecond = await s.get('/stats/agencies?to=2026-03-02');
    expect(figures(onTheSecond.body)).toEqual([FIGURES[0], FIGURES[2]]);
    expect(figures((await s.get('/stats/agencies?from=2026-04-01')).body)).toEqual([]);
  });

  it('gives the same figures after the views are rebuilt into a new generation', async () => {
    await story();
    const before = (await s.get('/stats/agencies')).body;

    service.rebuilder.start();
    await service.rebuilder.finished();

    expect(service.generations.generation).toBe(2);
    expect((await s.get('/stats/agencies')).body).toEqual(before);
  });

  it('reuses the figures of one period for the cache time, and says so to HTTP caches', async () => {
    await stop();
    await start(60_000);
    await story();
    const first = await s.get('/stats/agencies');
    s.setNow('2026-03-30T11:00:00+05:00');
    await s.route(await s.submitAppeal(), BOSTANDYK);
    await s.settled();

    const again = await s.get('/stats/agencies');
    const otherPeriod = await s.get('/stats/agencies?from=2026-03-30');

    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(again.body).toEqual(first.body);
    expect(figures(otherPeriod.body)).toEqual([
      expect.objectContaining({ agencyId: BOSTANDYK, received: 1, overdueNow: 0 }),
    ]);
  });

  it('answers bad input with 400 problem+json naming the field', async () => {
    for (const [query, field] of [
      ['?from=2026-13-01', 'query.from'],
      ['?from=2026-03-10&to=2026-03-01', 'query.to'],
      ['?agency=mon', 'query.agency'],
    ]) {
      const reply = await s.get(`/stats/agencies${query}`);
      expect({ query, status: reply.status, type: reply.type }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json',
      });
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
