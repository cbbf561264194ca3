import { hasValidCheckDigit } from '@appeals/contracts';

// A realistic seeded set for measuring duplicate detection (used by its test; docs/duplicates.md): originals written
// from a shared pool of sentences per topic (so unrelated appeals of one category share phrases, as real ones do),
// near-duplicates other applicants copied and edited (campaigns), repeats by the same applicant rewritten lightly,
// and applicants who file a second, unrelated appeal. Deterministic: the same seed makes the same set.

export interface SeededAppeal {
  appealId: string;
  categoryId: string;
  regionKato: string;
  text: string;
  iin: string;
  /** the planted truth: appeals of one family repeat the same matter */
  family: number;
  kind: 'original' | 'near_duplicate' | 'repeat' | 'second_matter';
}

/** mulberry32: a small deterministic generator. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const sample = <T>(xs: readonly T[], n: number): T[] => [...xs].sort(() => next() - 0.5).slice(0, n);
  return { next, int, pick, sample };
}
type Random = ReturnType<typeof random>;

const POOLS: Record<string, string[]> = {
  housing_utilities: [
    'В нашем доме уже третью неделю нет горячей воды.',
    'Батареи в квартирах едва тёплые, дети болеют.',
    'Управляющая компания на звонки не отвечает.',
    'Подвал затоплен, в подъезде стоит запах сырости.',
    'Счета за отопление пришли в двойном размере.',
    'Лифт не работает с начала месяца, пожилые жильцы не могут выйти.',
    'Крыша протекает после каждого дождя, квартира на пятом этаже залита.',
    'Прошу провести проверку работы КСК и принять меры.',
    'Прошу сделать перерасчёт за период без услуги.',
    'Жильцы неоднократно обращались устно, результата нет.',
    'Үйде ыстық су жоқ, балалар ауырып жатыр.',
    'Please check why the heating has been off since Monday.',
  ],
  roads: [
    'На улице образовались глубокие ямы, машины ломают подвеску.',
    'Тротуар разбит, пешеходы идут по проезжей части.',
    'Светофор на перекрёстке не работает третий день.',
    'После ремонта дороги остался мусор и битый асфальт.',
    'Нет пешеходного перехода возле школы, дети перебегают дорогу.',
    'Освещение на улице не работает, вечером очень темно.',
    'Прошу включить ремонт дороги в план на этот год.',
    'Прошу установить искусственную неровность возле школы.',
    'Ливневая канализация забита, после дождя улица затоплена.',
    'Жол бойында шұңқырлар көп, көліктер бұзылып жатыр.',
    'The road near the school needs a pedestrian crossing.',
    'Ограждение моста повреждено и опасно для пешеходов.',
  ],
  ecology: [
    'Мусор с контейнерной площадки не вывозят вторую неделю.',
    'Рядом с домом устроили стихийную свалку.',
    'Ночью со стороны промзоны идёт едкий дым.',
    'Вырубают деревья в сквере без объявлений.',
    'В реку сливают отходы, вода мутная и пахнет.',
    'Прошу провести замеры качества воздуха в районе.',
    'Прошу привлечь виновных к ответственности.',
    'Контейнеры переполнены, вокруг бегают бродячие собаки.',
    'Қоқыс екі апта бойы шығарылмайды.',
    'Please stop the cutting of trees in the park.',
    'Жители готовы участвовать в субботнике, нужна техника.',
    'Прошу установить дополнительные контейнеры для раздельного сбора.',
  ],
  education: [
    'В школе не хватает мест в первых классах.',
    'Ребёнку отказали в месте в детском саду без объяснений.',
    'В классе холодно, окна не закрываются.',
    'Школьный автобус не ходит по утрам.',
    'С родителей собирают деньги на ремонт класса.',
    'Прошу разобраться с очередью в детский сад.',
    'Прошу проверить законность сборов с родителей.',
    'Столовая в школе не соответствует санитарным нормам.',
    'Мектепте орын жетіспейді.',
    'Please explain the kindergarten waiting list.',
    'Учителей не хватает, уроки отменяют.',
    'Прошу организовать подвоз детей из посёлка.',
  ],
};
const CATEGORIES = Object.keys(POOLS);
const REGIONS = ['751510000', '711110000', '511010000'];
const STREETS = [
  'Абая',
  'Тимирязева',
  'Сатпаева',
  'Жандосова',
  'Розыбакиева',
  'Толе би',
  'Гагарина',
  'Манаса',
];
const GREETINGS = ['Здравствуйте!', 'Добрый день.', 'Уважаемый аким!', 'Сәлеметсіз бе!'];
const CLOSINGS = [
  'Заранее спасибо.',
  'Прошу ответить письменно.',
  'Жду ответа.',
  'С уважением, жители дома.',
];

/** A valid IIN (born 1950–1999): six digits of the birth date, a sex/century digit, four more, the check digit. */
function iinOf(r: Random): string {
  for (;;) {
    const head = `${50 + r.int(50)}${String(1 + r.int(12)).padStart(2, '0')}${String(1 + r.int(28)).padStart(2, '0')}${3 + r.int(2)}${String(r.int(10000)).padStart(4, '0')}`;
    const valid = [...'0123456789'].map((d) => head + d).find(hasValidCheckDigit);
    if (valid) return valid;
  }
}

const WORDS = (
  'мы я наш мой соседи жители дети мама отец пенсионер инвалид давно снова опять весь месяц неделю год зимой ' +
  'летом утром вечером каждый день никто ничего не делает обещали приходили смотрели писали звонили ждём ' +
  'уже сколько можно терпеть ситуация ухудшается стало хуже опасно невозможно жить трудно ходить платим ' +
  'исправно деньги тенге квитанция мастер комиссия акт ответ письмо заявка номер дата приезжал уехал сказал ' +
  'обещал починить завтра после праздников весной осенью двор подъезд улица район микрорайон остановка'
).split(' ');

/** A sentence of the applicant's own words: how people describe their case differs from one letter to the next. */
const ownWords = (r: Random) => {
  const words = Array.from({ length: 6 + r.int(8) }, () => r.pick(WORDS)).join(' ');
  return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
};

/** An original appeal: a greeting sometimes, where it is, 2–3 sentences of its topic, 2–4 of its own words. */
function originalText(r: Random, categoryId: string): string {
  const where = `Адрес: улица ${r.pick(STREETS)}, дом ${1 + r.int(120)}, квартира ${1 + r.int(90)}.`;
  const topic = r.sample(POOLS[categoryId]!, 2 + r.int(2));
  const own = Array.from({ length: 2 + r.int(3) }, () => ownWords(r));
  const body = [...topic, ...own].sort(() => r.next() - 0.5);
  return [...(r.next() < 0.4 ? [r.pick(GREETINGS)] : []), where, ...body].join(' ');
}

/** Retyped: case, ё/е, punctuation and spacing changed, the words the same. */
const retyped = (r: Random, text: string) =>
  text
    .replaceAll('е', r.next() < 0.5 ? 'ё' : 'е')
    .replace(/[.,!]/g, () => r.pick(['.', '!', ',', ' —', '...', '']))
    .split(' ')
    .map((w) => (r.next() < 0.2 ? w.toUpperCase() : w))
    .join(r.next() < 0.5 ? '  ' : ' ');

/** Edited: a greeting or closing added, a sentence dropped or moved, a few words changed. */
function edited(r: Random, text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  if (sentences.length > 3 && r.next() < 0.5) sentences.splice(1 + r.int(sentences.length - 1), 1);
  if (r.next() < 0.5) sentences.push(sentences.shift()!);
  const words = [r.pick(GREETINGS), ...sentences, r.pick(CLOSINGS)].join(' ').split(' ');
  for (let i = 0; i < 2; i++) words[r.int(words.length)] = r.pick(['очень', 'снова', 'опять', 'срочно']);
  return words.join(' ');
}

/** The seeded set in filing order, with its planted truth. */
export function seededAppeals(count = 300, seed = 2026): SeededAppeal[] {
  const r = random(seed);
  const appeals: SeededAppeal[] = [];
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const originals = () => appeals.filter((a) => a.kind === 'original');
  while (appeals.length < count) {
    const n = appeals.length;
    const roll = r.next();
    const earlier = originals();
    if (earlier.length > 10 && roll < 0.14) {
      const o = r.pick(earlier); // a campaign: another applicant sends the same letter, edited
      const text = r.next() < 0.5 ? retyped(r, o.text) : edited(r, o.text);
      appeals.push({ ...o, appealId: id(n), text, iin: iinOf(r), kind: 'near_duplicate' });
    } else if (earlier.length > 10 && roll < 0.27) {
      const o = r.pick(earlier); // the applicant writes again on the same matter, without new arguments
      appeals.push({ ...o, appealId: id(n), text: edited(r, retyped(r, o.text)), kind: 'repeat' });
    } else if (earlier.length > 10 && roll < 0.33) {
      const o = r.pick(earlier); // the same applicant, another matter
      const categoryId = r.pick(CATEGORIES);
      const text = originalText(r, categoryId);
      appeals.push({ ...o, appealId: id(n), categoryId, text, family: n, kind: 'second_matter' });
    } else {
      const categoryId = r.pick(CATEGORIES);
      const regionKato = r.pick(REGIONS);
      appeals.push({
        appealId: id(n),
        categoryId,
        regionKato,
        text: originalText(r, categoryId),
        iin: iinOf(r),
        family: n,
        kind: 'original',
      });
    }
  }
  return appeals;
}
