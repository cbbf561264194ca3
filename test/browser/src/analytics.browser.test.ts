import { buildViewsOf, writeHistory } from '@appeals/bench/scale';
import type { Page } from 'playwright-core';
import { callApi, describeWithBrowser, expectAccessible, screenshot, signInAs, tokenFor } from './harness';
import { PLANTED_TERMS, plantAppeals, topicsWithPlantedTerms, type PlantSpec } from './plantedTopic';

// The press's analytics page on a history of more than 5,000 appeals written by seed:scale's generator (varied
// subject lines in three languages, a surge of 40 extra housing appeals in Bostandyk in the week of 16 November
// 2026), its views built as scale:prepare builds them. The API's figures are checked against the generator's own
// tally; the page must show them and pass axe. In the same week, 40 generated English appeals about hornets nesting
// in an attic (plantedTopic.ts: a matter no generated subject line names) are planted in Almaly: the topics must
// hold exactly one topic of theirs, of exactly that hand count.

const SURGE = { categoryId: 'housing_utilities', regionKato: '751510000', week: '2026-11-16', count: 40 };
/** The hand count: appeals about hornets in the attic, English, in the surge's week, housing in Almaly. */
const PLANTED: PlantSpec = {
  count: 40,
  language: 'en',
  week: SURGE.week,
  categoryId: 'housing_utilities',
  regionKato: '751210000',
};
let tally: Awaited<ReturnType<typeof writeHistory>>;

describeWithBrowser(
  'the analytics page on a seeded history',
  (sys) => {
    let page: Page;
    let press: string;

    beforeAll(async () => {
      press = await tokenFor(sys.baseUrl, { role: 'press', sub: 'press-1' });
    });

    it('answers topics and surges that add up to the seeded appeals', async () => {
      expect(tally.appeals).toBeGreaterThanOrEqual(5_000);
      const surges = await callApi(sys.baseUrl, press, 'GET', `/analytics/surges?date=${SURGE.week}`);
      const found = surges.surges.find(
        (s: any) => s.categoryId === SURGE.categoryId && s.regionKato === SURGE.regionKato,
      );
      expect(found).toMatchObject({ direction: 'up', observed: tally.surge!.observed });
      expect(found.baseline).toEqual(tally.surge!.baseline);
      const topics = await callApi(
        sys.baseUrl,
        press,
        'GET',
        `/analytics/topics?period=week&date=${SURGE.week}`,
      );
      const search = await callApi(
        sys.baseUrl,
        await tokenFor(sys.baseUrl, { role: 'auditor', sub: 'auditor-1' }),
        'GET',
        `/appeals?from=${topics.period.start}&to=${topics.period.end}&limit=1`,
      );
      expect(topics.appeals).toBe(search.total);
      const assigned = topics.topics.reduce((sum: number, t: any) => sum + t.count, 0);
      const unassigned = topics.languages.reduce((sum: number, l: any) => sum + l.unassigned, 0);
      expect(assigned + unassigned).toBe(topics.appeals);
      expect(topics.languages.map((l: any) => l.language).sort()).toEqual(['en', 'kk', 'ru']);
      const shown = JSON.stringify(topics.topics.map((t: any) => [t.terms, t.examples]));
      for (const secret of ['Ахметов', 'Иванова', 'Садыкова', 'Smith', 'Сәрсенбаев', 'дом 1', '+7'])
        expect(shown).not.toContain(secret);
      expect(shown).not.toMatch(/\d/);
    });

    it('puts the planted appeals in one topic of exactly their hand count, for the week and their language', async () => {
      const path = `/analytics/topics?period=week&date=${PLANTED.week}`;
      const english = await callApi(sys.baseUrl, press, 'GET', `${path}&language=${PLANTED.language}`);
      expect(english.languages.map((l: any) => l.language)).toEqual([PLANTED.language]);
      const [planted, ...others] = topicsWithPlantedTerms<any>(english.topics);
      expect(others).toEqual([]);
      expect(planted).toMatchObject({
        language: PLANTED.language,
        count: PLANTED.count,
        previousCount: 0,
        trend: 'new',
      });
      // its top terms are the three stems and nothing else: no appeal but the planted ones pulls its centroid
      expect([...planted.terms].sort()).toEqual(PLANTED_TERMS);
      // the answer for every language has the same one topic
      const all = await callApi(sys.baseUrl, press, 'GET', path);
      expect(topicsWithPlantedTerms<any>(all.topics)).toEqual([planted]);
    });

    it('shows the topics with a chart and the surge to the press, axe clean', async () => {
      page = await sys.newPage();
      await signInAs(page, 'press-1', sys.baseUrl);
      await page.goto(`${sys.baseUrl}/analytics?period=week&date=${SURGE.week}`);
      await page.getByRole('heading', { level: 1, name: 'What people are asking about' }).waitFor();
      await page.locator('table.topics tbody tr').first().waitFor();
      await page.locator('.chart svg .recharts-bar-rectangle').first().waitFor();
      await page.locator('table.surges tbody tr').first().waitFor();
      const surgeRow = page.locator('table.surges tbody tr', { hasText: 'Bostandyk district' });
      await expect(surgeRow.count()).resolves.toBe(1);
      await expect(surgeRow.locator('td').nth(2).textContent()).resolves.toBe(String(tally.surge!.observed));
      // the planted topic: one row, its terms the three stems, its count the hand count
      const plantedRow = page.locator('table.topics tbody tr', { hasText: 'hornets' });
      await expect(plantedRow.count()).resolves.toBe(1);
      const terms = (await plantedRow.locator('th').textContent())!.split(', ').sort();
      expect(terms).toEqual(PLANTED_TERMS);
      await expect(plantedRow.locator('td').nth(0).textContent()).resolves.toBe('English');
      await expect(plantedRow.locator('td').nth(1).textContent()).resolves.toBe(String(PLANTED.count));
      await expectAccessible(page);
      await screenshot(page, 'press-analytics');
    });

    it('lets a head read the monthly view and keeps other roles out', async () => {
      const head = await sys.newPage();
      await signInAs(head, 'head-almaty', sys.baseUrl);
      await head.goto(`${sys.baseUrl}/analytics?period=month&date=2026-11-02`);
      await head.locator('table.topics tbody tr').first().waitFor();
      await expectAccessible(head);
      const citizen = await sys.newPage();
      await signInAs(citizen, 'citizen-1', sys.baseUrl);
      await citizen.goto(`${sys.baseUrl}/analytics`);
      await citizen.getByText('This page is for').waitFor();
    });
  },
  {
    seed: async (system) => {
      tally = await writeHistory(
        { store: system.store, vault: system.vault },
        { events: 42_000, from: '2026-09-07', to: '2026-11-29', seed: 7, writers: 1, surge: SURGE },
        () => undefined,
      );
      await plantAppeals(system, PLANTED);
      await buildViewsOf(system);
    },
  },
);
