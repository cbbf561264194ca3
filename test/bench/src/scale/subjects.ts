// What the appeals of `pnpm seed:scale` say: subject lines per category and language as people write them (a few
// ways of naming each matter, in inflected forms), so the topics have something real to find; some name a person
// or give a number, as real ones do, so the masking has something to mask. The text adds a sentence and, now and
// then, a phone number (it is sealed anyway).

type Bank = Readonly<Record<'ru' | 'kk' | 'en', readonly string[]>>;

export const SUBJECTS: Readonly<Record<string, Bank>> = {
  housing_utilities: {
    ru: [
      'Нет отопления в доме',
      'Холодные батареи в квартире',
      'Отключили горячую воду',
      'Протекает крыша дома',
      'Не работает лифт в подъезде',
      'Слабое отопление, батареи холодные',
    ],
    kk: [
      'Үйде жылу жоқ',
      'Ыстық су жоқ',
      'Үйдің шатыры ағады',
      'Подъездегі лифт істемейді',
      'Пәтерде жылу әлсіз',
    ],
    en: [
      'No heating in the building',
      'Hot water cut off',
      'Roof of the building leaks',
      'Lift out of order in the building',
    ],
  },
  roads_transport: {
    ru: [
      'Яма на дороге',
      'Ремонт дороги на улице',
      'Автобус не ходит по расписанию',
      'Нет освещения на дороге',
      'Разбитая дорога во дворе',
    ],
    kk: ['Жолда шұңқыр бар', 'Көшедегі жолды жөндеу', 'Автобус кестемен жүрмейді', 'Жолда жарық жоқ'],
    en: [
      'Pothole on the road',
      'Road repair needed',
      'Bus does not run on schedule',
      'No street lights on the road',
    ],
  },
  education: {
    ru: [
      'Нет мест в детском саду',
      'Переполненные классы в школе',
      'Не хватает учителей в школе',
      'Ремонт школы',
      'Очередь в детский сад',
    ],
    kk: ['Балабақшада орын жоқ', 'Мектепте мұғалім жетіспейді', 'Мектепті жөндеу', 'Балабақшаға кезек'],
    en: ['No places in the kindergarten', 'School classes overcrowded', 'Not enough teachers at the school'],
  },
  healthcare: {
    ru: [
      'Нет записи к врачу в поликлинике',
      'Нет лекарств в аптеке',
      'Долгое ожидание скорой помощи',
      'Грубость врача в поликлинике',
    ],
    kk: ['Емханада дәрігерге жазылу мүмкін емес', 'Дәріханада дәрі жоқ', 'Жедел жәрдем кешігіп келді'],
    en: ['No appointment with a doctor at the clinic', 'Medicines not available', 'Ambulance came late'],
  },
  social_protection: {
    ru: [
      'Задержка выплаты пособия',
      'Перерасчет пенсии',
      'Назначение пособия по инвалидности',
      'Не пришла пенсия',
    ],
    kk: ['Жәрдемақы төлеу кешіктірілді', 'Зейнетақыны қайта есептеу', 'Зейнетақы келмеді'],
    en: ['Benefit payment delayed', 'Pension recalculation', 'Disability benefit application'],
  },
  taxes: {
    ru: ['Возврат налога', 'Ошибка в налоговом уведомлении', 'Начислен налог на имущество'],
    kk: ['Салықты қайтару', 'Салық хабарламасындағы қате'],
    en: ['Tax refund', 'Error in the tax notice'],
  },
  public_safety: {
    ru: ['Шум соседей по ночам', 'Бродячие собаки во дворе', 'Нарушение порядка во дворе'],
    kk: ['Түнде көршілер шу шығарады', 'Аулада қаңғыбас иттер'],
    en: ['Noisy neighbours at night', 'Stray dogs in the yard'],
  },
  media: {
    ru: ['Запрос информации для публикации', 'Запрос комментария для статьи'],
    kk: ['Жариялауға ақпарат сұрау'],
    en: ['Request for information for an article'],
  },
  environment: {
    ru: ['Свалка мусора во дворе', 'Вырубка деревьев в парке', 'Загрязнение воздуха', 'Не вывозят мусор'],
    kk: ['Аулада қоқыс үйіндісі', 'Саябақта ағаштарды кесу', 'Қоқыс шығарылмайды'],
    en: ['Garbage dump in the yard', 'Trees cut down in the park', 'Garbage not collected'],
  },
};

/** Words people add to a subject line (the same matter written another way). */
const ADDITIONS: Bank = {
  ru: ['', '', '', 'третью неделю', 'уже месяц', 'во дворе', 'прошу помочь', 'на улице'],
  kk: ['', '', '', 'бір айдан бері', 'көмектесіңіз', 'ауламызда'],
  en: ['', '', '', 'for weeks', 'please help', 'again'],
};

/** People a subject line names now and then (a neighbour, an official), and how it names them. */
const NAMED: Bank = {
  ru: ['Жалоба на соседа Ахметова', 'Прошу принять меры: Иванова Светлана', 'Садыкова А. просит'],
  kk: ['Көршім Сәрсенбаев туралы', 'Жұмабаева Айгүл өтінеді'],
  en: ['Complaint about Mr Smith', 'From Aigerim Sadykova'],
};

/** A subject line and a text for an appeal of this category and language, drawn with `random`. */
export function appealWords(
  random: () => number,
  categoryId: string,
  language: 'ru' | 'kk' | 'en',
  serial: number,
): { subject: string; text: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const bank = SUBJECTS[categoryId] ?? SUBJECTS.housing_utilities!;
  const base = pick(bank[language]);
  const addition = pick(ADDITIONS[language]);
  const named = random() < 0.05 ? `${pick(NAMED[language])}: ` : '';
  const house = random() < 0.1 ? `, дом ${1 + (serial % 90)}` : '';
  const subject = `${named}${base}${addition ? ` ${addition}` : ''}${house}`;
  const phone =
    random() < 0.2
      ? ` Тел. +7 70${serial % 10} ${String(100 + (serial % 900))} ${String(10 + (serial % 90))} ${String(10 + ((serial * 7) % 90))}.`
      : '';
  return { subject, text: `${subject}. ${pick(bank[language])}.${phone}` };
}
