import { createFaqCommands, type FaqCommands } from '@appeals/appeal-application';
import type { FaqCommand } from '@appeals/appeal-domain';
import type { Actor } from '@appeals/contracts';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { createProjectionsService } from './projections.service';
import { viewNamesOf } from './generations';
import { answerOnPlatform } from './statsScenario';

// The public FAQ (docs/faq.md) against a hand count, on the test platform: the press's commands → event store →
// relay → bus → projector → GET /faq. The order is computed: more appeals answered first, then published first.
//
// housing_utilities: H1 published Mon 9 Mar with 1 appeal, then 3 more linked (4); H2 published Tue 10 Mar with
//   2 appeals (2); H3 published Wed 11 Mar with 4 appeals (4: as many as H1, published later); H4 withdrawn.
//   → H1 (4), H3 (4), H2 (2)
// roads_transport: R1 published with 1 appeal, in Russian only. → R1 (1), absent in English
// The categories come in the catalog's order: housing_utilities, then roads_transport.

const press: Actor = { id: 'press-1', role: 'press' };
let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;
let faq: FaqCommands;

/** An appeal of the category, answered by the Bostandyk akimat. */
async function answered(categoryId: string): Promise<string> {
  const id = await s.routedAppeal({ categoryId, regionKato: '751510000' });
  await answerOnPlatform(s, id);
  return id;
}

const wording = (name: string, langs: Array<'kk' | 'ru' | 'en'> = ['kk', 'ru', 'en']) => ({
  question: Object.fromEntries(langs.map((l) => [l, `${name}: вопрос (${l})?`])),
  answer: Object.fromEntries(
    langs.map((l) => [l, `${name}: ответ на вопрос, написанный пресс-службой (${l}).`]),
  ),
});

async function publish(
  when: string,
  source: string,
  more: string[],
  name: string,
  langs?: Array<'kk' | 'ru' | 'en'>,
) {
  s.setNow(when);
  const entryId = randomUUID();
  const [src, ...rest] = await faq.appealFacts([source, ...more]);
  await faq.execute(
    entryId,
    {
      type: 'PublishFaqEntry',
      now: s.clock(),
      actor: press,
      data: { entryId, source: src!, more: rest, ...wording(name, langs) },
    },
    'response',
  );
  return entryId;
}
const command = (entryId: string, c: Omit<FaqCommand, 'now' | 'actor'>) =>
  faq.execute(entryId, { ...c, now: s.clock(), actor: press } as FaqCommand, 'response');

const ids: Record<string, string> = {};
beforeAll(async () => {
  s = createTestPlatform({ start: '2026-03-02T10:00:00+05:00' });
  service = createProjectionsService({ ...s, statsCacheMs: 0 });
  s.mount(service.router);
  await service.start();
  faq = createFaqCommands(s.store, s.commands);
  const housing = [];
  for (let i = 0; i < 11; i++) housing.push(await answered('housing_utilities'));
  const road = await answered('roads_transport');
  ids.H1 = await publish('2026-03-09T10:00:00+05:00', housing[0]!, [], 'H1');
  ids.H2 = await publish('2026-03-10T10:00:00+05:00', housing[1]!, [housing[2]!], 'H2');
  ids.H3 = await publish('2026-03-11T10:00:00+05:00', housing[3]!, housing.slice(4, 7), 'H3');
  ids.H4 = await publish('2026-03-12T10:00:00+05:00', housing[10]!, housing.slice(0, 9), 'H4');
  ids.R1 = await publish('2026-03-12T11:00:00+05:00', road, [], 'R1', ['ru']);
  // H1: three more appeals linked, one twice and one already linked
  await command(ids.H1, {
    type: 'LinkFaqAppeals',
    data: { appeals: await faq.appealFacts(housing.slice(7, 10)) },
  });
  await command(ids.H1, {
    type: 'LinkFaqAppeals',
    data: { appeals: await faq.appealFacts([housing[0]!, housing[7]!]) },
  });
  await command(ids.H4, { type: 'WithdrawFaqEntry', data: { reason: 'Повторяет другой вопрос' } });
  await command(ids.H2, { type: 'ReviseFaqEntry', data: wording('H2 revised') });
  await s.settled();
});

afterAll(async () => {
  await service.stop();
  await s.stop();
});

const order = (body: {
  categories: Array<{ categoryId: string; entries: Array<{ entryId: string; appealCount: number }> }>;
}) =>
  body.categories.map((c) => [
    c.categoryId,
    c.entries.map((e) => [Object.keys(ids).find((k) => ids[k] === e.entryId), e.appealCount]),
  ]);

describe('GET /faq', () => {
  it('lists each category’s published entries, most appeals answered first, then the one published first', async () => {
    const res = await s.get('/faq');
    expect(res.status).toBe(200);
    expect(order(res.body)).toEqual([
      [
        'housing_utilities',
        [
          ['H1', 4],
          ['H3', 4],
          ['H2', 2],
        ],
      ],
      ['roads_transport', [['R1', 1]]],
    ]);
    expect(res.body.categories[0].entries[2].question.ru).toBe('H2 revised: вопрос (ru)?');
  });

  it('keeps to a language, a category and a limit', async () => {
    expect(order((await s.get('/faq?lang=en')).body)).toEqual([
      [
        'housing_utilities',
        [
          ['H1', 4],
          ['H3', 4],
          ['H2', 2],
        ],
      ],
    ]);
    const one = await s.get('/faq?categoryId=housing_utilities&limit=1');
    expect(order(one.body)).toEqual([['housing_utilities', [['H1', 4]]]]);
    expect(one.body.categories[0].total).toBe(3);
    expect((await s.get('/faq?limit=0')).body.errors[0].field).toBe('query.limit');
  });

  it('shows nothing of the appeals: no id, no text, no applicant', async () => {
    const text = JSON.stringify((await s.get('/faq')).body);
    for (const [key, value] of Object.entries(ids)) if (key !== 'H4') expect(text).toContain(value);
    const appeals = (await s.views.findItems<{ appealId: string }>(viewNamesOf(1).summary)).map(
      (a) => a.appealId,
    );
    for (const appealId of appeals) expect(text).not.toContain(appealId);
    expect(text).not.toMatch(/Садыкова|Тимирязева/);
  });
});

describe('GET /faq/candidates', () => {
  it('gives the press a category’s answered appeals with the answer sent and the entry each is in', async () => {
    const res = await s.get('/faq/candidates?categoryId=roads_transport', { sub: 'press-1', role: 'press' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        answer: { text: 'Ответ по существу обращения с разъяснением.', language: 'ru' },
        entryId: ids.R1,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/Садыкова|Тимирязева|applicant/);
  });

  it('is the press’s alone', async () => {
    expect((await s.get('/faq/candidates?categoryId=roads_transport')).status).toBe(401);
    expect(
      (await s.get('/faq/candidates?categoryId=roads_transport', { sub: 'a-1', role: 'auditor' })).status,
    ).toBe(403);
  });
});

describe('a rebuild', () => {
  it('builds the same FAQ from the log', async () => {
    const before = (await s.get('/faq')).body.categories;
    service.rebuilder.start();
    await service.rebuilder.finished();
    expect(service.generations.generation).toBe(2);
    expect((await s.get('/faq')).body.categories).toEqual(before);
  });
});
