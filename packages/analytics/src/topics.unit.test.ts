import { findTopics, type TopicDocument } from './topics';
import { words } from './text';

// Hand-made corpora whose right clustering is known: each group of subject lines is about one thing, written the
// way people write it (inflected forms, other word order, a few words of their own). The topics must find exactly
// these groups, choose their number by themselves, and show nothing that could name a person.

const corpus = (language: TopicDocument['language'], groups: Record<string, string[]>, prefix = '') =>
  Object.entries(groups).flatMap(([group, lines]) =>
    lines.map((text, i) => ({ id: `${prefix}${group}-${i}`, language, text, categoryId: group })),
  );

const RU = {
  heating: [
    'Нет отопления в доме',
    'Отопление не работает третью неделю',
    'Холодные батареи, нет отопления',
    'Отключили отопление в квартире',
    'Слабое отопление, батареи еле теплые',
    'Когда включат отопление?',
  ],
  roads: [
    'Яма на дороге',
    'Ремонт дороги на нашей улице',
    'Разбитая дорога во дворе, сплошные ямы',
    'Ямы на дороге после зимы',
    'Нужен ремонт дороги к школе',
    'Опасная яма посреди дороги',
  ],
  school: [
    'Нет мест в школе',
    'Переполненные классы в школе',
    'В школе не хватает учителей',
    'Учитель в школе грубит детям',
    'Школа без учителя математики',
    'Запись ребенка в школу',
  ],
};

const KK = {
  water: [
    'Үйде су жоқ',
    'Ыстық су жоқ екі апта',
    'Судың сапасы нашар',
    'Ауылда ауыз су жоқ',
    'Су құбыры жарылды, су жоқ',
  ],
  light: [
    'Көшеде жарық жоқ',
    'Көше шамдары жанбайды',
    'Аулада жарық жоқ, шамдар сынған',
    'Көшедегі шамдарды жөндеу керек',
    'Кешке көше жарығы жоқ',
  ],
};

const EN = {
  permits: [
    'Building permit delayed for months',
    'No answer on my building permit',
    'Permit for building a garage',
    'How long does a building permit take',
  ],
  buses: [
    'Bus route 32 cancelled',
    'Buses are always late',
    'Bus stop without a shelter',
    'More buses needed on the route',
  ],
};

/** The groups of a partition: for each topic, the sorted ids of its documents. */
const partition = (assignments: Map<string, string>) => {
  const groups = new Map<string, string[]>();
  for (const [doc, topic] of assignments) groups.set(topic, [...(groups.get(topic) ?? []), doc]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
};
const truth = (docs: TopicDocument[]) => partition(new Map(docs.map((d) => [d.id, d.categoryId!])));

describe('topics of hand-made corpora', () => {
  const docs = [...corpus('ru', RU), ...corpus('kk', KK), ...corpus('en', EN)];
  const result = findTopics(docs, []);

  it('finds exactly the groups of each language, choosing k by the silhouette', () => {
    expect(partition(result.assignments)).toEqual(truth(docs));
    expect(result.languages.map((l) => [l.language, l.k, l.unassigned])).toEqual([
      ['kk', 2, 0],
      ['ru', 3, 0],
      ['en', 2, 0],
    ]);
    const ru = result.languages.find((l) => l.language === 'ru')!;
    const best = Math.max(...ru.tried.map((t) => t.silhouette));
    expect(ru.tried.find((t) => t.k === 3)!.silhouette).toBe(best);
  });

  it('names each topic by the words its appeals share, with its count and categories', () => {
    const byGroup = (group: string) => result.topics.find((t) => t.categories[0]!.categoryId === group)!;
    expect(byGroup('heating')).toMatchObject({
      language: 'ru',
      count: 6,
      categories: [{ categoryId: 'heating', count: 6 }],
    });
    expect(byGroup('heating').terms[0]).toMatch(/^отоплени[ея]$/);
    expect(byGroup('roads').terms).toEqual(expect.arrayContaining(['дороги', 'яма']));
    expect(byGroup('school').terms[0]).toBe('школе');
    expect(byGroup('water').terms).toContain('су');
    expect(byGroup('permits').terms.slice(0, 2).sort()).toEqual(['building', 'permit']);
    expect(result.topics.reduce((sum, t) => sum + t.count, 0)).toBe(docs.length);
  });

  it('does not depend on the order the appeals come in', () => {
    const shuffled = [...docs].reverse();
    const again = findTopics(shuffled, []);
    expect(again.topics).toEqual(result.topics);
  });
});

describe('trends against the period before', () => {
  const now = corpus('ru', { heating: RU.heating, roads: RU.roads, school: RU.school });
  const before = corpus(
    'ru',
    { heating: RU.heating.slice(0, 1), roads: RU.roads, school: [...RU.school, ...RU.school] },
    'b',
  );

  it('counts the earlier appeals in the same topics and tests the change', () => {
    const { topics } = findTopics(now, before);
    const of = (group: string) => topics.find((t) => t.categories[0]!.categoryId === group)!;
    expect([of('heating').count, of('heating').previousCount]).toEqual([6, 1]);
    expect([of('roads').count, of('roads').previousCount, of('roads').trend]).toEqual([6, 6, 'steady']);
    expect(of('roads').changePct).toBe(0);
    expect([of('school').count, of('school').previousCount]).toEqual([6, 12]);
    expect(of('school').changePct).toBe(-50);
  });

  it('calls a rise "up" only when the conditional Poisson test says so', () => {
    const more = [
      'Отопление отключено без предупреждения',
      'В квартире холодно, отопление слабое',
      'Нет отопления в детском саду',
      'Отопление дали не во всех домах',
      'Прошу проверить отопление в подъезде',
      'Батареи холодные, отопления нет',
    ];
    const many = corpus('ru', { heating: [...RU.heating, ...more], roads: RU.roads, school: RU.school }, 'm');
    const { topics } = findTopics(many, before);
    const of = (group: string) => topics.find((t) => t.categories[0]!.categoryId === group)!;
    // 12 against 1: P(X ≥ 12 | n = 13, p = ½) = 14 / 2^13 ≈ 0.0017 < 0.01
    expect([of('heating').count, of('heating').previousCount, of('heating').trend]).toEqual([12, 1, 'up']);
    // 6 against 12: P(X ≤ 6 | n = 18, p = ½) ≈ 0.12: not a significant fall
    expect([of('school').count, of('school').previousCount, of('school').trend]).toEqual([6, 12, 'steady']);
    const fresh = findTopics(now, []).topics[0]!;
    expect(fresh.trend).toBe('new');
  });
});

describe('no personal data in what the topics show', () => {
  const NAME = 'Жумабаев';
  const docs: TopicDocument[] = [
    ...corpus('ru', RU),
    ...[
      `Сосед ${NAME} шумит по ночам, тел. +7 701 123 45 67`,
      `Жалоба на соседа ${NAME}, ИИН 900101300123`,
      `Сосед ${NAME} шумит, пишите на aigerim.s@mail.kz`,
      `Шумит сосед ${NAME} Ерлан из квартиры 42`,
      `Сосед шумит, см. https://example.kz/x?id=5 и ${NAME}`,
    ].map((text, i) => ({ id: `noise-${i}`, language: 'ru' as const, text, categoryId: 'noise' })),
  ];
  const { topics } = findTopics(docs, []);
  const shown = JSON.stringify(topics.map((t) => [t.terms, t.examples]));

  it('masks names, numbers, phones, IINs, e-mails and links in terms and examples', () => {
    for (const secret of [NAME, 'Ерлан', '701', '123', '900101300123', 'aigerim', 'mail.kz', 'example', '42'])
      expect(shown).not.toContain(secret);
    const noise = topics.find((t) => t.categories[0]!.categoryId === 'noise')!;
    expect(noise.terms).toEqual(expect.arrayContaining(['сосед', 'шумит']));
    expect(noise.examples.length).toBeGreaterThan(0);
  });

  it('shows in an example only words at least three appeals share (or function words)', () => {
    const all = docs.map((d) => words(d.text, d.language));
    const documentsWith = (stem: string) => all.filter((ws) => ws.some((w) => w.stem === stem)).length;
    const shownWords = topics.flatMap((t) => t.examples.flatMap((line) => words(line, t.language)));
    const content = shownWords.filter((w) => !w.stop);
    expect(content.length).toBeGreaterThan(10);
    expect(content.filter((w) => documentsWith(w.stem) < 3).map((w) => w.surface)).toEqual([]);
    const noise = topics.find((t) => t.categories[0]!.categoryId === 'noise')!;
    expect(noise.examples.every((e) => !/квартир/i.test(e))).toBe(true);
  });
});

describe('an appeal about something nobody else writes about', () => {
  // two subject lines that share their words with each other only: too few for a topic (3), so in none
  const PAIR = { pension: ['Перерасчет пенсии по старости', 'Прошу сделать перерасчет пенсии'] };

  it('is in no topic, whatever the ids (which order the fit sample and draw the seeds)', () => {
    const misplaced = Array.from({ length: 40 }, (_, run) => `run${run}-`).flatMap((prefix) => {
      const result = findTopics(corpus('ru', { ...RU, ...PAIR }, prefix), []);
      const topicOf = (i: number) => result.assignments.get(`${prefix}pension-${i}`);
      return topicOf(0) === undefined && topicOf(1) === undefined
        ? []
        : [{ prefix, topics: [topicOf(0), topicOf(1)] }];
    });

    expect(misplaced).toEqual([]);
  });

  it('leaves the other topics as they are, and counts the pair unassigned', () => {
    const docs = corpus('ru', { ...RU, ...PAIR });
    const result = findTopics(docs, []);
    const others = docs.filter((d) => d.categoryId !== 'pension');
    expect(partition(result.assignments)).toEqual(truth(others));
    expect(result.languages.find((l) => l.language === 'ru')).toMatchObject({ k: 3, unassigned: 2 });
  });
});
