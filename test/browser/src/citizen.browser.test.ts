import type { Page } from 'playwright-core';
import { callApi, describeWithBrowser, expectAccessible, screenshot, signInAs, tokenFor } from './harness';

// A citizen's path through the web app, in English unless a test switches language.
describeWithBrowser('citizen portal in the browser', (sys) => {
  let page: Page;
  let filed: { id: string; number: string; code: string };

  beforeEach(async () => {
    page = await sys.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
  });
  afterEach(async () => {
    await page.context().close();
  });

  async function fillWizard(text: string) {
    await page.getByRole('link', { name: 'New appeal', exact: true }).click();
    await page.getByRole('heading', { name: /Step 1 of 5/ }).waitFor();
    await page.getByRole('radio', { name: /^Application\s*term: 15 working days/ }).check();
    return async () => {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('radio', { name: /^Housing and utilities/ }).check();
      await page.getByLabel('Region', { exact: true }).selectOption('751210000');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Subject', { exact: true }).fill('No heating');
      await page.getByLabel('Text of the appeal', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: /Step 4 of 5/ }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: /Step 5 of 5/ }).waitFor();
      await page.getByRole('button', { name: 'Send the appeal' }).click();
    };
  }

  it('files an appeal, sees its number, tracking code and deadline, then reads the answer and rates it', async () => {
    await page.goto(sys.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Appeals to government bodies' }).waitFor();
    await expectAccessible(page, 'home');
    await screenshot(page, 'home');

    await page.goto(`${sys.baseUrl}/sign-in`);
    await page.locator('button[data-sub="citizen-1"]').waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signInAs(page, 'citizen-1');
    await page.getByRole('heading', { level: 1, name: 'My appeals' }).waitFor();
    await expectAccessible(page, 'my appeals (empty)');

    const rest = await fillWizard('There has been no heating at 42 Timiryazev Street for three weeks.');
    await expectAccessible(page, 'new appeal, step 1');
    await screenshot(page, 'new-appeal');
    await rest();

    await page.getByRole('heading', { level: 1, name: 'Your appeal is registered' }).waitFor();
    const number = (await page.getByTestId('registration-number').textContent()) ?? '';
    const code = (await page.getByTestId('tracking-code').textContent()) ?? '';
    const deadlineText = (await page.getByTestId('deadline').textContent()) ?? '';
    expect(number).toMatch(/^\d{8}-[A-Z0-9]+$/);
    expect(code).toMatch(/^[A-Z0-9]{6,32}$/);
    await page.getByText('Keep the registration number and the tracking code').waitFor();
    const id = /\/appeals\/([0-9a-f-]{36})\/submitted$/.exec(page.url())?.[1] ?? '';
    expect(id).not.toBe('');
    filed = { id, number, code };

    // The deadline in words is the one the API registered.
    const citizen = await tokenFor(sys.baseUrl, { role: 'applicant', sub: 'citizen-1' });
    const detail = await callApi(sys.baseUrl, citizen, 'GET', `/appeals/${id}`);
    expect(detail.registrationNumber).toBe(number);
    const due = new Date(`${detail.deadline.dueOn}T00:00:00Z`);
    const dueWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(due);
    expect(deadlineText).toContain(`Answer due by`);
    expect(deadlineText).toContain(dueWords);
    expect(deadlineText).toMatch(/\d+ days left/);
    expect(deadlineText).toContain(`term: ${detail.deadline.termDays} working days`);
    await expectAccessible(page, 'appeal result');
    await screenshot(page, 'appeal-result');

    // Staff work the case through the API: assign, extend with a reason, draft, approve, send.
    await sys.system.settled();
    const agency = 'akimat-almaty';
    const approver = await tokenFor(sys.baseUrl, { role: 'approver', sub: 'approver-almaty', agencyId: agency });
    const executor = await tokenFor(sys.baseUrl, { role: 'executor', sub: 'executor-almaty', agencyId: agency });
    await callApi(sys.baseUrl, approver, 'POST', `/appeals/${id}/assign`, { executorIds: ['executor-almaty'] });
    const later = new Date(Date.parse(detail.deadline.dueAt) + 10 * 86_400_000).toISOString().slice(0, 10);
    await callApi(sys.baseUrl, approver, 'POST', `/appeals/${id}/extend`, { newDueOn: later, reason: 'A site inspection by the commission is needed' });
    await callApi(sys.baseUrl, executor, 'POST', `/appeals/${id}/draft-answer`, {
      text: 'Heating was restored on 25 November; the commission checked every flat.',
      decisionKind: 'give_answer',
      answerCharacter: 'satisfied',
      language: 'en',
    });
    await sys.system.settled();
    const staffView = await callApi(sys.baseUrl, approver, 'GET', `/appeals/${id}`);
    const draftId = staffView.timeline.find((e: any) => e.type === 'AnswerDrafted').summary.draftId;
    await callApi(sys.baseUrl, approver, 'POST', `/appeals/${id}/approve-answer`, { draftId });
    await callApi(sys.baseUrl, approver, 'POST', `/appeals/${id}/send-answer`, { draftId });
    await sys.system.settled();

    // Later the citizen opens the case from the cabinet.
    await page.getByRole('link', { name: 'My appeals', exact: true }).click();
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: `Appeal ${number}` }).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('Answered');
    expect(await page.getByTestId('answer-text').textContent()).toBe('Heating was restored on 25 November; the commission checked every flat.');
    const timeline = page.locator('ol.timeline');
    for (const label of ['Registered', 'Routed to the agency', 'Deadline extended', 'Answered']) {
      await expect(timeline.getByText(label, { exact: true }).count()).resolves.toBe(1);
    }
    await expect(timeline.getByText('Reason: A site inspection by the commission is needed').count()).resolves.toBe(1);
    await expectAccessible(page, 'case page');
    await screenshot(page, 'case-page');

    await page.getByLabel('2 — poor', { exact: true }).check();
    await page.getByLabel('Comment', { exact: true }).fill('It took too long.');
    await page.getByRole('button', { name: 'Rate the answer' }).click();
    await page.getByText('Thank you, your rating is saved.').waitFor();
    // A rating of 2 opens the way back for review.
    await page.getByRole('heading', { name: 'Send it back for review' }).waitFor();
    const rated = await callApi(sys.baseUrl, citizen, 'GET', `/appeals/${id}`);
    expect(rated.rating).toEqual({ score: 2, comment: 'It took too long.' });
    await expectAccessible(page, 'case page after rating');

    // The public page counts it.
    await page.getByRole('link', { name: 'Statistics', exact: true }).click();
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Agency',
      'Received',
      'Answered',
      'Answered on time',
      'Average answer time, days',
      'Overdue now',
      'Average rating',
    ]);
    const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: /Almaly/ }) });
    expect(await row.locator('td').allTextContents()).toEqual(['1', '1', '100 %', expect.any(String), '0', '2.0 (1 rating)']);
    await expectAccessible(page, 'public statistics');
    await screenshot(page, 'public-stats');
  });

  it('finds a case by registration number and tracking code without an account', async () => {
    expect(filed).toBeDefined();
    await page.goto(`${sys.baseUrl}/lookup`);
    await page.getByLabel('Registration number', { exact: true }).fill(filed.number);
    await page.getByLabel('Tracking code', { exact: true }).fill(filed.code);
    await expectAccessible(page, 'lookup');
    await screenshot(page, 'lookup');
    await page.getByLabel('Tracking code', { exact: true }).fill('WRONG1234');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('alert').getByText('No appeal matches this number and code.').waitFor();
    expect(await page.getByRole('alert').getByText('Not found', { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'lookup with a wrong code');

    await page.getByLabel('Tracking code', { exact: true }).fill(filed.code);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { level: 1, name: `Appeal ${filed.number}` }).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('Answered');
    await expectAccessible(page, 'case page via lookup');
    // Without an account the tracking code is enough to act: the rating is changed to 4.
    await page.getByLabel('4 — good', { exact: true }).check();
    await page.getByRole('button', { name: 'Change the rating' }).click();
    await page.getByText('Thank you, your rating is saved.').waitFor();
    const citizen = await tokenFor(sys.baseUrl, { role: 'applicant', sub: 'citizen-1' });
    expect((await callApi(sys.baseUrl, citizen, 'GET', `/appeals/${filed.id}`)).rating.score).toBe(4);
  });

  it('switches between Kazakh, Russian and English and remembers the choice after a reload', async () => {
    await page.goto(sys.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Appeals to government bodies' }).waitFor();

    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік органдарға өтініштер' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік органдарға өтініштер' }).waitFor();
    expect(await page.getByRole('button', { name: 'Қазақша' }).getAttribute('aria-pressed')).toBe('true');
    await expectAccessible(page, 'home in Kazakh');

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Обращения в государственные органы' }).waitFor();
    await page.getByRole('link', { name: 'Найти обращение' }).first().click();
    await page.getByLabel('Регистрационный номер', { exact: true }).waitFor();
    await page.reload();
    await page.getByLabel('Регистрационный номер', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await expectAccessible(page, 'lookup in Russian');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Registration number', { exact: true }).waitFor();
  });

  it('works with the keyboard alone: skip link, sign-in, wizard steps, visible focus', async () => {
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          tag: el?.tagName.toLowerCase(),
          id: el?.id,
          text: el?.textContent?.trim(),
          sub: el?.getAttribute('data-sub'),
          name: el?.getAttribute('name'),
          outline: el ? getComputedStyle(el).outlineStyle : '',
        };
      });
    const tabUntil = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (match(await focused())) return;
      }
      throw new Error(`Tab never reached the element; last focus: ${JSON.stringify(await focused())}`);
    };

    await page.goto(`${sys.baseUrl}/sign-in`);
    await page.locator('button[data-sub="citizen-2"]').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'a', text: 'Skip to main content', outline: 'solid' });
    expect(await page.getByText('Skip to main content').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');

    await tabUntil((f) => f.sub === 'citizen-2');
    expect((await focused()).outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my$/);

    await tabUntil((f) => f.text === 'File a new appeal');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Step 1 of 5/ }).waitFor();
    await tabUntil((f) => f.name === 'kind');
    await page.keyboard.press('Space');
    expect(await page.locator('input[name="kind"]:checked').count()).toBe(1);
    await tabUntil((f) => f.text === 'Next');
    expect((await focused()).outline).toBe('solid');
    await page.keyboard.press('Enter');
    // The new step's heading takes the focus, so a screen reader announces it.
    await page.getByRole('heading', { name: /Step 2 of 5/ }).waitFor();
    expect((await focused()).text).toMatch(/^Step 2 of 5/);
  });

  it('shows the API’s field error next to the field after a bad submission', async () => {
    await signInAs(page, 'citizen-2', sys.baseUrl);
    const rest = await fillWizard('Too short');
    await rest();

    // The wizard goes back to the step with the text, and the API's own message stands next to the field.
    await page.getByRole('heading', { name: /Step 3 of 5/ }).waitFor();
    const error = page.locator('#text-error');
    await error.waitFor();
    const token = await tokenFor(sys.baseUrl, { role: 'applicant', sub: 'citizen-2' });
    const res = await fetch(`${sys.baseUrl}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        kind: 'application',
        categoryId: 'housing_utilities',
        regionKato: '751210000',
        language: 'en',
        subject: 'No heating',
        text: 'Too short',
        applicant: { type: 'individual', fullName: 'Ерлан Жумабаев' },
      }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    const apiMessage = problem.errors.find((e) => e.field === 'body.text')?.message;
    expect(apiMessage).toBeTruthy();
    expect(await error.textContent()).toBe(apiMessage);
    const textarea = page.getByLabel('Text of the appeal', { exact: true });
    expect(await textarea.getAttribute('aria-invalid')).toBe('true');
    expect(await textarea.getAttribute('aria-describedby')).toContain('text-error');
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'new appeal with a field error');

    // Fixing the text sends it.
    await textarea.fill('There has been no heating at our building for three weeks now.');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Send the appeal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your appeal is registered' }).waitFor();

    // Withdrawing asks first, saying what follows; cancelling changes nothing.
    await page.getByRole('link', { name: 'Open the case' }).click();
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this appeal?' });
    await dialog.getByText('This cannot be undone').waitFor();
    await expectAccessible(page, 'withdraw confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('case-status').textContent()).not.toBe('Withdrawn');
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    await dialog.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.getByText('The appeal is withdrawn.').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('Withdrawn');
  });
});
