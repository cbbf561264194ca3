import { binomialUpper } from '@appeals/analytics';
import { decodePayload, fromEventMessage, surgeStream, Topics, type SurgeDetected } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { createProjectionsService } from './projections.service';

// Topics and surges on the projections service over the test platform (commands → event store → relay → bus →
// projector → summaries), on a story small enough to count by hand:
//
//   housing_utilities × Bostandyk (751510000), Russian: one appeal a week on Mondays of W05–W09 (26 Jan – 23 Feb
//     2026), the first appeals ever filed; then 8 in W10 (2–6 Mar 2026), all about heating (one names a person and
//     a phone number).
//   education × Astana (710000000), Kazakh: two a week in W06–W09 (2 Feb – 27 Feb), three in W10, all about schools.
//   roads_transport × Astana, Russian: three in W10 about potholes, none before.
//
// W10, hand count: 14 appeals; Russian heating 8 (W09: 1), potholes 3 (W09: 0), Kazakh schools 3 (W09: 2).
// Surges of W10 (baseline: the weeks since the first appeal, W05–W09): housing × Bostandyk 8 against 1 a week
// (5 in 5 weeks), P(X ≥ 8 | n = 13, p = 1/6) ≪ 0.001: a rise. Education × Astana 3 against 1.6 a week: under 5
// appeals, no alert (so no drop either: 1.6 expected < 5). Roads × Astana 3, none before: under 5, no alert.

const BOSTANDYK = '751510000';
const ASTANA = '710000000';
const HEATING = [
  'Нет отопления в доме',
  'Отопление не работает',
  'Холодные батареи, нет отопления',
  'Отключили отопление',
  'Слабое отопление в квартире',
  'Когда включат отопление?',
  'Отопление отключено без предупреждения',
  'Нет отопления, звоните Садыковой +7 701 555 12 34',
];
const POTHOLES = ['Яма на дороге', 'Ямы на дороге после зимы', 'Опасная яма посреди дороги'];
const SCHOOLS = ['Мектепте орын жоқ', 'Мектепте мұғалім жетіспейді', 'Мектептегі орын мәселесі'];

const PRESS: Principal = { sub: 'press-1', role: 'press' };
const HEAD: Principal = { sub: 'head-mon', role: 'head', agencyId: 'mon' };

let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;

/** Files an appeal at a local day and hour of 2026 (UTC+05:00) and routes it as the rules would. */
async function file(day: string, subject: string, categoryId: string, regionKato: string, language: string) {
  s.setNow(`${day}T10:00:00+05:00`);
  const id = await s.submitAppeal({ subject, categoryId, regionKato, language } as never);
  await s.route(
    id,
    categoryId === 'education' ? 'mon' : regionKato === ASTANA ? 'akimat-astana' : 'akimat-almaty-bostandyk',
  );
}

beforeAll(async () => {
  s = createTestPlatform({ start: '2026-01-26T10:00:00+05:00' });
  service = createProjectionsService({ ...s, analyticsCacheMs: 0, surgeWatchMs: 0 });
  s.mount(service.router);
  await service.start();
  const mondays = ['2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'];
  for (const monday of mondays)
    await file(monday, 'Плохо работает отопление', 'housing_utilities', BOSTANDYK, 'ru');
  for (const monday of mondays.slice(1)) {
    await file(monday, 'Мектепте орын жоқ', 'education', ASTANA, 'kk');
    await file(
      monday.replace(/\d\d$/, (d) => String(Number(d) + 1).padStart(2, '0')),
      'Мектеп жөндеуі',
      'education',
      ASTANA,
      'kk',
    );
  }
  const w10 = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  for (const [i, subject] of HEATING.entries())
    await file(w10[i % 5]!, subject, 'housing_utilities', BOSTANDYK, 'ru');
  for (const [i, subject] of POTHOLES.entries())
    await file(w10[i]!, subject, 'roads_transport', ASTANA, 'ru');
  for (const [i, subject] of SCHOOLS.entries()) await file(w10[i]!, subject, 'education', ASTANA, 'kk');
  s.setNow('2026-03-10T12:00:00+05:00'); // W10 is over
  await s.settled();
});

afterAll(async () => {
  await service.stop();
  await s.stop();
});

describe('GET /analytics/topics', () => {
  it('counts the topics of a week as a hand count does, with the week before', async () => {
    const res = await s.get('/analytics/topics?period=week&date=2026-03-04', PRESS);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({
      kind: 'week',
      label: '2026-W10',
      start: '2026-03-02',
      end: '2026-03-08',
      days: 7,
    });
    expect([res.body.appeals, res.body.previousAppeals]).toEqual([14, 3]);
    const summary = res.body.topics.map((t: any) => [
      t.language,
      t.categories[0].categoryId,
      t.count,
      t.previousCount,
      t.trend,
    ]);
    // heating: 8 against 1, P(X ≥ 8 | n = 9, p = ½) = 10/512 ≈ 0.02 ≥ 0.01: steady, not up
    expect(summary).toEqual([
      ['ru', 'housing_utilities', 8, 1, 'steady'],
      ['kk', 'education', 3, 2, 'steady'],
      ['ru', 'roads_transport', 3, 0, 'new'],
    ]);
    const heating = res.body.topics[0];
    expect(heating.terms[0]).toMatch(/^отоплени/);
    expect(heating.changePct).toBe(700);
  });

  it('shows no name and no number in terms or examples', async () => {
    const res = await s.get('/analytics/topics?date=2026-03-04', HEAD);
    const shown = JSON.stringify(res.body.topics.map((t: any) => [t.terms, t.examples]));
    expect(res.body.topics[0].examples.length).toBeGreaterThan(0);
    for (const secret of ['Садыков', '701', '555', '12 34']) expect(shown).not.toContain(secret);
  });

  it('narrows to an agency subtree and a language, and counts a month', async () => {
    const mon = await s.get('/analytics/topics?date=2026-03-04&agencyId=mon', PRESS);
    expect([mon.body.appeals, mon.body.topics.map((t: any) => t.count)]).toEqual([3, [3]]);
    const ru = await s.get('/analytics/topics?date=2026-03-04&language=ru', PRESS);
    expect(ru.body.appeals).toBe(11);
    // March: the 14 of W10; February: 4 housing + 8 education
    const month = await s.get('/analytics/topics?period=month&date=2026-03-15', PRESS);
    expect([month.body.period.label, month.body.appeals, month.body.previousAppeals]).toEqual([
      '2026-03',
      14,
      12,
    ]);
  });

  it('answers 400 naming the field for bad input, 403 for other roles', async () => {
    const bad = await s.get('/analytics/topics?period=year', PRESS);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.body)).toContain('period');
    expect((await s.get('/analytics/topics?agencyId=nowhere', PRESS)).status).toBe(400);
    expect((await s.get('/analytics/topics?date=2026-02-30', PRESS)).status).toBe(400);
    expect((await s.get('/analytics/topics', { sub: 'c', role: 'applicant' })).status).toBe(403);
    expect((await s.get('/analytics/topics', { sub: 'a', role: 'auditor' })).status).toBe(403);
    expect((await s.get('/analytics/surges')).status).toBe(401);
  });
});

describe('GET /analytics/surges', () => {
  it('finds the one cell that departs, with its baseline, as a hand count does', async () => {
    const res = await s.get('/analytics/surges?date=2026-03-04', PRESS);
    expect(res.status).toBe(200);
    expect(res.body.week).toMatchObject({ label: '2026-W10', start: '2026-03-02', complete: true });
    expect(res.body.baselineWeeks).toEqual([
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
    ]);
    expect(res.body.cells).toBe(3);
    expect(res.body.surges).toEqual([
      {
        categoryId: 'housing_utilities',
        regionKato: BOSTANDYK,
        week: '2026-03-02',
        direction: 'up',
        observed: 8,
        expected: 1,
        pValue: binomialUpper(8, 13, 1 / 6),
        baseline: res.body.baselineWeeks.map((week: string) => ({ week, count: 1 })),
      },
    ]);
  });

  it('finds none in an ordinary week', async () => {
    const res = await s.get('/analytics/surges?date=2026-02-25', PRESS);
    expect(res.body.surges).toEqual([]);
  });
});

describe('the surge watch', () => {
  it('appends each surge once to its stream, and the relay carries it on surges.events.v1', async () => {
    const received: SurgeDetected[] = [];
    await s.bus.subscribe({
      groupId: 'surge-listener',
      topics: [Topics.surgeEvents],
      handler: async (m) => {
        const e = fromEventMessage(m);
        received.push(decodePayload('SurgeDetected', e));
      },
    });
    expect(await service.surgeWatch.runOnce()).toBe(1); // W10 (ended) has one; W11 (running) has none
    expect(await service.surgeWatch.runOnce()).toBe(0); // the same surge again: a no-op
    const stream = await s.store.readStream(surgeStream('housing_utilities', BOSTANDYK));
    expect(stream.map((e) => e.type)).toEqual(['SurgeDetected']);
    await s.settled();
    expect(received).toEqual([
      expect.objectContaining({
        week: '2026-W10',
        weekStart: '2026-03-02',
        direction: 'up',
        observed: 8,
        expected: 1,
        baseline: [1, 1, 1, 1, 1],
        partialWeek: false,
      }),
    ]);
  });
});
