import { historyWriter } from '@appeals/bench/scale';
import type { Page } from 'playwright-core';
import { callApi, describeWithBrowser, expectAccessible, screenshot, signInAs, tokenFor } from './harness';

// The public FAQ and the statistics page on a system holding 5,000 realistic appeals (seed:scale's generator,
// written through the event store port), rendered in Chromium and checked with axe; the FAQ's order is the one the
// server computed from how many appeals each entry answers.

const APPEALS = 5_000;

interface Candidate {
  appealId: string;
  entryId: string | null;
}
/** The press's wording of three housing entries, in the three languages. */
const WORDING = {
  heating: {
    question: {
      kk: 'Жылу беру маусымы қашан басталады?',
      ru: 'Когда начинается отопительный сезон?',
      en: 'When does the heating season start?',
    },
    answer: {
      kk: 'Жылу беру маусымы орташа тәуліктік температура бес күн қатарынан +10 °C-тан төмен болғанда басталады.',
      ru: 'Отопительный сезон начинается, когда среднесуточная температура пять дней подряд ниже +10 °C.',
      en: 'The heating season starts once the daily mean temperature stays below +10 °C for five days in a row.',
    },
  },
  lift: {
    question: {
      kk: 'Үйдегі лифтті кім жөндейді?',
      ru: 'Кто ремонтирует лифт в доме?',
      en: 'Who repairs the lift in my building?',
    },
    answer: {
      kk: 'Лифтті үйді басқаратын ұйым жөндейді; ол өтініш түскен күннен бастап бір тәулік ішінде шара қолдануы тиіс.',
      ru: 'Лифт ремонтирует организация, управляющая домом; она обязана принять меры в течение суток после заявки.',
      en: 'The company managing the building repairs the lift; it must act within a day of the request.',
    },
  },
  bills: {
    question: {
      kk: 'Су үшін төлемді қалай қайта есептетуге болады?',
      ru: 'Как пересчитать плату за воду?',
      en: 'How do I get a water bill recalculated?',
    },
    answer: {
      kk: 'Есептеуіш көрсеткіштерін жеткізушіге беріңіз; қайта есептеу келесі төлем құжатында көрсетіледі.',
      ru: 'Передайте показания счётчика поставщику; перерасчёт отражается в следующей квитанции.',
      en: 'Give the meter reading to the supplier; the recalculation shows on the next bill.',
    },
  },
};

/** The housing questions in the order the server computes (6 appeals answered, then 3, then 1), in `language`. */
const questionsIn = (language: 'kk' | 'ru' | 'en') =>
  [WORDING.heating, WORDING.lift, WORDING.bills].map((w) => w.question[language]);

/**
 * The FAQ in Kazakh (the reader switches to it): the page's own words and the press's Kazakh wording, in the server's
 * order, the answered-appeals count in Kazakh, the page's language kk, no axe violation.
 */
async function expectFaqInKazakh(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await page.getByRole('heading', { level: 1, name: 'Жиі қойылатын сұрақтар' }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('kk');
  await page.getByText('Азаматтар әр тақырып бойынша жиі қоятын сұрақтар').waitFor();
  const housing = page.getByRole('region', { name: 'Тұрғын үй-коммуналдық шаруашылық' });
  await housing.waitFor();
  expect(await housing.locator('summary').allTextContents()).toEqual(questionsIn('kk'));
  const heating = housing.locator('details.faq-entry').first();
  if (!(await heating.evaluate((d) => (d as HTMLDetailsElement).open)))
    await heating.locator('summary').click();
  await heating.getByText(WORDING.heating.answer.kk).waitFor();
  await heating.getByText('6 өтінішке жауап береді').waitFor();
  await expectAccessible(page, 'FAQ in Kazakh');
}

describeWithBrowser('the FAQ and the statistics with 5,000 appeals', (sys) => {
  let page: Page;
  beforeAll(async () => {
    const history = historyWriter(
      { store: sys.system.store, vault: sys.system.vault },
      {
        from: '2026-01-05',
        to: '2026-11-27',
        seed: 11,
        expectedAppeals: APPEALS,
      },
    );
    for (let serial = 0; serial < APPEALS; serial++) await history.write(serial);
    await sys.system.settled();
    // the press publishes three entries of housing: 6, 1 and 3 appeals answered (in that order)
    const press = await tokenFor(sys.baseUrl, { role: 'press', sub: 'press-1' });
    const { items } = await callApi<{ items: Candidate[] }>(
      sys.baseUrl,
      press,
      'GET',
      '/faq/candidates?categoryId=housing_utilities&limit=12',
    );
    const ids = items.map((c) => c.appealId);
    expect(ids.length).toBe(12);
    const publish = (source: string, more: string[], wording: (typeof WORDING)[keyof typeof WORDING]) =>
      callApi(sys.baseUrl, press, 'POST', '/faq/entries', {
        sourceAppealId: source,
        appealIds: more,
        ...wording,
      });
    await publish(ids[0]!, ids.slice(1, 6), WORDING.heating);
    await publish(ids[6]!, [], WORDING.bills);
    await publish(ids[7]!, ids.slice(8, 10), WORDING.lift);
    await sys.system.settled();
    page = await sys.newPage();
  }, 600_000);

  it('holds the appeals in its statistics', async () => {
    const stats = await callApi<{ items: Array<{ received: number }> }>(
      sys.baseUrl,
      undefined,
      'GET',
      '/stats/agencies',
    );
    expect(stats.items.reduce((sum, row) => sum + row.received, 0)).toBeGreaterThanOrEqual(APPEALS * 0.9);
  });

  it('lists the FAQ of a category most frequent first, in the reader’s language', async () => {
    await page.goto(`${sys.baseUrl}/faq`);
    const housing = page.getByRole('region', { name: 'Housing and utilities' });
    await housing.waitFor();
    // 6 appeals answered, then 3, then 1: the order the server computed, not the order published
    expect(await housing.locator('summary').allTextContents()).toEqual(questionsIn('en'));
    await housing.getByText(WORDING.heating.question.en).click();
    await housing.getByText('Answers 6 appeals').waitFor();
    await expectAccessible(page, 'FAQ');
    await screenshot(page, 'faq');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Частые вопросы' }).waitFor();
    expect(await page.locator('.faq-entry summary').first().textContent()).toBe(WORDING.heating.question.ru);
    await expectAccessible(page, 'FAQ in Russian');
    await expectFaqInKazakh(page);
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('draws the statistics as charts named in words, beside the table of the same figures', async () => {
    await page.goto(`${sys.baseUrl}/stats`);
    await page.getByRole('table').waitFor();
    const charts = page.getByRole('img', { name: /Bar chart/ });
    expect(await charts.count()).toBe(2);
    const agencies = await page.locator('table tbody tr').count();
    expect(agencies).toBeGreaterThan(5);
    // drawn: bars in each chart (the SVG's rectangles)
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('figure.chart')).every(
        (chart) => chart.querySelectorAll('.recharts-bar-rectangle').length > 0,
      ),
    );
    await expectAccessible(page, 'statistics with charts');
    await screenshot(page, 'stats-charts');
  });

  it('links the open data, whose rows add up to the statistics', async () => {
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).toBe('/api/v1/open-data/monthly.csv?lang=en');
    const open = await callApi<{ rows: Array<{ filed: number | null; suppressed: boolean }> }>(
      sys.baseUrl,
      undefined,
      'GET',
      '/open-data/monthly.json',
    );
    const stats = await callApi<{ items: Array<{ received: number }> }>(
      sys.baseUrl,
      undefined,
      'GET',
      '/stats/agencies',
    );
    const shown = open.rows.reduce((sum, row) => sum + (row.filed ?? 0), 0);
    const total = stats.items.reduce((sum, row) => sum + row.received, 0);
    expect(shown).toBeLessThanOrEqual(total);
    expect(open.rows.some((row) => row.suppressed)).toBe(true);
    expect(open.rows.every((row) => row.suppressed || (row.filed ?? 0) >= 5)).toBe(true);
  });

  it('lets the press publish an answered appeal’s answer in its own words from the FAQ desk', async () => {
    const desk = await sys.newPage();
    await signInAs(desk, 'press-1', sys.baseUrl);
    await desk.getByRole('link', { name: 'FAQ desk' }).click();
    await desk.getByLabel('Topic').selectOption('roads_transport');
    const first = desk.locator('article.faq-candidate').first();
    await first.getByRole('button', { name: 'Publish as a new question' }).click();
    const english = first.getByRole('group', { name: 'English' });
    await english.getByLabel('Question').fill('Who repairs potholes on city streets?');
    await english
      .getByLabel('Answer')
      .fill('Potholes on city streets are repaired by the city akimat’s roads department.');
    await expectAccessible(desk, 'FAQ desk with the form open');
    await screenshot(desk, 'faq-desk');
    await first.getByRole('button', { name: 'Publish', exact: true }).click();
    await desk.getByRole('status').filter({ hasText: 'The question was published.' }).waitFor();
    await sys.system.settled();
    await desk.goto(`${sys.baseUrl}/faq`);
    const roads = desk.getByRole('region', { name: 'Roads and transport' });
    await roads.getByText('Who repairs potholes on city streets?').waitFor();
  });
});
