import { HOUSING_APPEAL } from '@appeals/testkit';
import type { Page } from 'playwright-core';
import { callApi, describeWithBrowser, expectAccessible, screenshot, signInAs, tokenFor } from './harness';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// An auditor finds a case, reads every event and scrubs the time slider back to an earlier state.
describeWithBrowser("auditor's view in the browser", (sys) => {
  let page: Page;
  let filed: { id: string; registrationNumber: string };

  beforeAll(async () => {
    const url = sys.baseUrl;
    const citizen = await tokenFor(url, { role: 'applicant', sub: 'citizen-2' });
    const approver = await tokenFor(url, {
      role: 'approver',
      sub: 'approver-almaty',
      agencyId: 'akimat-almaty',
    });
    const executor = await tokenFor(url, {
      role: 'executor',
      sub: 'executor-almaty',
      agencyId: 'akimat-almaty',
    });
    /** Ерлан Жумабаев's housing appeal to the Almaty akimat, once routed there. */
    const fileRouted = async (language: string, subject: string, text: string) => {
      const appeal = await callApi<{ id: string; registrationNumber: string }>(
        url,
        citizen,
        'POST',
        '/appeals',
        {
          ...HOUSING_APPEAL,
          language,
          subject,
          text,
          applicant: { type: 'individual', fullName: 'Ерлан Жумабаев' },
        },
      );
      await sys.waitForAppeal<{ status: string }>(approver, appeal.id, 'routed');
      return appeal;
    };
    filed = await fileRouted(
      'kk',
      'Аулада жарық жоқ',
      'Біздің аулада екі аптадан бері көше шамдары жанбайды.',
    );
    // distinct event times, so each step of the slider is its own moment
    await pause(30);
    await callApi(url, approver, 'POST', `/appeals/${filed.id}/assign`, { executorIds: ['executor-almaty'] });
    await pause(30);
    await callApi(url, executor, 'POST', `/appeals/${filed.id}/hearing`, {
      held: false,
      reason: 'Жағымды шешім, тыңдау қажет емес',
    });

    // a second appeal answered on time and rated, so the compliance table has answers to count
    const other = await fileRouted('ru', 'Не работает лифт', 'В подъезде дома 12 неделю не работает лифт.');
    await callApi(url, approver, 'POST', `/appeals/${other.id}/assign`, { executorIds: ['executor-almaty'] });
    await callApi(url, executor, 'POST', `/appeals/${other.id}/draft-answer`, {
      text: 'Лифт отремонтирован, работа проверена комиссией.',
      decisionKind: 'give_answer',
      answerCharacter: 'satisfied',
      language: 'ru',
    });
    const drafts = await callApi<{ drafts: Record<string, unknown> }>(
      url,
      approver,
      'GET',
      `/appeals/${other.id}`,
    );
    const draftId = Object.keys(drafts.drafts)[0];
    await callApi(url, approver, 'POST', `/appeals/${other.id}/approve-answer`, { draftId });
    await callApi(url, approver, 'POST', `/appeals/${other.id}/send-answer`, { draftId });
    await callApi(url, citizen, 'POST', `/appeals/${other.id}/rate`, { score: 5 });
  });

  it('searches, opens the history, scrubs the slider to an earlier moment, then reads compliance', async () => {
    page = await sys.newPage();
    await page.goto(sys.baseUrl);
    await signInAs(page, 'auditor-1');
    await page.goto(`${sys.baseUrl}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Search appeals' }).waitFor();

    await page.getByLabel('Registration number').fill(filed.registrationNumber);
    await page.getByLabel('Status').selectOption('in_progress');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 appeal found').waitFor();
    await expectAccessible(page, 'audit search');
    await screenshot(page, 'audit-search');
    // a status the case does not have finds nothing
    await page.getByLabel('Status').selectOption('answered');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('0 appeals found').waitFor();
    await page.getByLabel('Status').selectOption('');
    // a period after today finds nothing; without one, both appeals of the agency
    await page.getByLabel('Registration number').fill('');
    await page.getByLabel('Registered from').fill('2099-01-01');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('0 appeals found').waitFor();
    await page.getByLabel('Registered from').fill('');
    await page.getByLabel('Agency').selectOption('akimat-almaty');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('2 appeals found').waitFor();
    await page.getByRole('link', { name: filed.registrationNumber }).click();

    await page.getByRole('heading', { level: 2, name: 'Every event (5)' }).waitFor();
    const rows = page.locator('table.event-table tbody tr');
    await expect(rows.count()).resolves.toBe(5);
    await expect(rows.nth(2).textContent()).resolves.toMatch(/Routed.*routing-rules \(system\).*routing/);
    await expect(rows.nth(3).textContent()).resolves.toMatch(
      /Executors assigned.*approver-almaty \(approver\).*response/,
    );

    // now: the last event applied
    const status = page.getByTestId('state-status');
    await expect(status.textContent()).resolves.toBe('In progress');
    await page.getByTestId('state-at').getByText('5 of 5').waitFor();

    // the slider, by keyboard: Home = the first moment (submitted and registered together), one step on = routed
    const slider = page.getByLabel('Moment (one step per event time)');
    // pressed on the slider itself (a key sent to the page before the slider holds the focus went nowhere once, on
    // a busy machine, and the state never moved)
    await slider.press('Home');
    await page.getByTestId('state-at').getByText('2 of 5').waitFor();
    await expect(status.textContent()).resolves.toBe('Registered');
    await slider.press('ArrowRight');
    await page.getByTestId('state-at').getByText('3 of 5').waitFor();
    await expect(status.textContent()).resolves.toBe('Routed');
    await expect(page.locator('tr[aria-current="step"]').textContent()).resolves.toContain('Routed');
    await expectAccessible(page, 'audit case with slider');
    await screenshot(page, 'audit-case');

    // a typed moment before the case existed
    await page.getByLabel(/^Or a moment/).fill('2020-01-01T10:00:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('state-at').getByText('The appeal did not exist at that moment.').waitFor();

    await page.getByRole('link', { name: 'Deadline compliance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deadline compliance per agency' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Bostandyk' });
    // the heading shows before the figures arrive: wait for the agency's row (reading at once raced the fetch)
    await row.locator('td').first().waitFor();
    // received 2, answered 1, on time 1 (100 %), rated 5 once
    await expect(row.locator('td').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['2', '1', '100 %', '5 (1)']),
    );
    await expect(row.locator('td').first().textContent()).resolves.toBe('2');
    await expectAccessible(page, 'audit compliance');
    await screenshot(page, 'audit-compliance');
  });
});
