import { HOUSING_APPEAL } from '@appeals/testkit';
import type { Page } from 'playwright-core';
import { callApi, describeWithBrowser, expectAccessible, screenshot, signInAs, tokenFor } from './harness';

/** "21 December 2026" as the console shows a local date in English. */
const longDate = (localDate: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${localDate}T00:00:00Z`),
  );

interface Detail {
  status: string;
  registrationNumber: string;
  channel: string;
  receivedAt: string;
  registeredAt: string;
  deadline: { dueOn: string };
  forwardBy: string;
}

// Agency staff answer a citizen's appeal from the console; a registrar registers a paper appeal.
describeWithBrowser('agency console in the browser', (sys) => {
  /** A fresh browser session (own localStorage) signed in as a demo user, in English. */
  async function as(sub: string): Promise<Page> {
    const page = await sys.newPage();
    await page.goto(sys.baseUrl);
    await signInAs(page, sub);
    return page;
  }

  async function detail(id: string, status: string): Promise<Detail> {
    const token = await tokenFor(sys.baseUrl, { role: 'auditor', sub: 'auditor-1' });
    return sys.waitForAppeal(token, id, status);
  }

  /** Opens the form of a case action. */
  async function openAction(page: Page, action: string): Promise<void> {
    await page.getByRole('button', { name: action, exact: true }).click();
  }

  it('answers a citizen appeal: the approver assigns, the executor drafts, the approver approves and sends', async () => {
    const citizen = await tokenFor(sys.baseUrl, { role: 'applicant', sub: 'citizen-1' });
    const filed = await callApi<{ id: string; registrationNumber: string }>(
      sys.baseUrl,
      citizen,
      'POST',
      '/appeals',
      HOUSING_APPEAL,
    );
    // a second one, so the inbox has an order to show (a 15-calendar-day information request)
    await callApi(sys.baseUrl, citizen, 'POST', '/appeals', {
      ...HOUSING_APPEAL,
      kind: 'information_request',
      language: 'kk',
      subject: 'Жылу беру кестесі',
      text: 'Жылу беру маусымының кестесін беруіңізді сұраймын.',
    });
    const routed = await detail(filed.id, 'routed');
    const due = longDate(routed.deadline.dueOn);

    // the approver sees it in the inbox, sorted by deadline, with its SLA state
    const approver = await as('approver-almaty');
    await approver.goto(`${sys.baseUrl}/console`);
    await approver.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const row = approver.getByRole('row').filter({ hasText: filed.registrationNumber });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('On time');
    await expectAccessible(approver, 'console inbox');
    await screenshot(approver, 'console-inbox');
    await approver.getByLabel('Deadline').selectOption('true');
    await approver.getByText(/^0 appeals/).waitFor();
    await approver.getByLabel('Deadline').selectOption('');
    await row.getByRole('link', { name: filed.registrationNumber }).click();

    await approver.getByRole('heading', { level: 1, name: `Appeal ${filed.registrationNumber}` }).waitFor();
    await expect(approver.getByTestId('forward-window').textContent()).resolves.toMatch(
      /^Open: forward to the competent body by .+ \(3 working days\)$/,
    );
    await expectAccessible(approver, 'console case');

    // forwarding shows the 3-working-day window and the new term before anything is sent; go back instead
    await openAction(approver, 'Forward');
    await approver.getByLabel('Forward to').selectOption('mon');
    await approver.getByLabel('Reason').fill('Вопрос вне компетенции акимата');
    await approver.getByRole('button', { name: 'Review consequences' }).click();
    const forwardConfirm = approver.getByTestId('confirm-step');
    await expect(forwardConfirm.textContent()).resolves.toMatch(
      /Within the forwarding window, which closes on/,
    );
    await expect(forwardConfirm.textContent()).resolves.toMatch(/runs its own term: the deadline becomes/);
    await expectAccessible(approver, 'console forward confirmation');
    await screenshot(approver, 'console-case-confirm');
    await approver.getByRole('button', { name: 'Back to the form' }).click();
    await approver.getByRole('button', { name: 'Forward', exact: true }).click(); // close the panel

    // assign the executor
    await openAction(approver, 'Assign executors');
    await approver.getByLabel(/^Executors/).fill('executor-almaty');
    await approver.getByRole('button', { name: 'Review consequences' }).click();
    await expect(approver.getByTestId('confirm-step').textContent()).resolves.toContain(
      `The deadline stays ${due}.`,
    );
    await approver.getByRole('button', { name: 'Confirm' }).click();
    await approver.getByText('Done: Assign executors. Status now: In progress.').waitFor();

    // the executor drafts the answer, seeing the answer-language rule
    const executor = await as('executor-almaty');
    await executor.goto(`${sys.baseUrl}/console/appeals/${filed.id}`);
    await openAction(executor, 'Draft the answer');
    await expect(executor.getByTestId('language-rule').textContent()).resolves.toBe(
      'Answer language rule: the answer is written in the state language (Kazakh) or in the language of the appeal (Russian).',
    );
    await executor.getByLabel('Language of the answer').selectOption('ru');
    await executor
      .getByLabel('Text of the answer')
      .fill('Отопление в доме восстановлено 3 декабря; подача тепла проверена.');
    await executor.getByRole('button', { name: 'Review consequences' }).click();
    await expect(executor.getByTestId('confirm-step').textContent()).resolves.toContain(
      'The draft goes to an approver; nothing is sent to the applicant yet.',
    );
    await expectAccessible(executor, 'console draft confirmation');
    await executor.getByRole('button', { name: 'Confirm' }).click();
    await executor.getByText(/^Done: Draft the answer\./).waitFor();
    await executor.getByTestId('draft').getByText('awaiting approval').waitFor();

    // the approver approves, then sends: the confirmation says whether it is on time and until when one may complain
    await approver.reload();
    const draft = approver.getByTestId('draft');
    await draft.getByRole('button', { name: 'Approve' }).click();
    await expect(draft.getByTestId('confirm-step').textContent()).resolves.toContain(
      'The draft is approved and may be sent',
    );
    await draft.getByRole('button', { name: 'Confirm' }).click();
    await approver.getByText('Done: Approve. Status now: In progress.').waitFor();
    await approver.getByTestId('draft').getByRole('button', { name: 'Send the answer' }).click();
    const sendConfirm = approver.getByTestId('draft').getByTestId('confirm-step');
    await expect(sendConfirm.textContent()).resolves.toContain(`Sent on time: the deadline is ${due}.`);
    await expect(sendConfirm.textContent()).resolves.toMatch(
      /The applicant may complain to the higher body until \d{1,2} \w+ \d{4}\./,
    );
    await expectAccessible(approver, 'console send confirmation');
    await approver.getByTestId('draft').getByRole('button', { name: 'Confirm' }).click();
    await approver.getByText('Done: Send the answer. Status now: Answered.').waitFor();
    await expect(detail(filed.id, 'answered')).resolves.toMatchObject({
      status: 'answered',
    });
  });

  it('registers a paper appeal with the moment it was received, after hours, on the next working day', async () => {
    const page = await as('registrar-almaty');
    await page.goto(`${sys.baseUrl}/console`);
    await page.getByRole('link', { name: 'Register a paper or oral appeal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register a paper or oral appeal' }).waitFor();

    // received last week on a Wednesday at 19:10 Kazakhstan time: after the 18:30 cut-off
    const now = new Date(Date.now() + 5 * 3_600_000);
    const wed = new Date(now);
    wed.setUTCDate(now.getUTCDate() - 7 - ((now.getUTCDay() + 7 - 3) % 7));
    const receivedOn = wed.toISOString().slice(0, 10);
    await page.getByLabel('Channel').selectOption('paper');
    await page.getByLabel('Received at').fill(`${receivedOn}T19:10`);
    await page.getByLabel('Kind of appeal').selectOption('application');
    await page.getByLabel('Category').selectOption('housing_utilities');
    await page.getByLabel('Region').selectOption('751510000');
    await page.getByLabel('Language of the appeal').selectOption('kk');
    await page.getByLabel('Subject').fill('Жы'); // too short: the API names the field
    await page
      .getByLabel('Text', { exact: true })
      .fill('Үйде үш апта бойы жылу жоқ, көмектесулеріңізді сұраймын.');
    await page.getByLabel('Full name').fill('Ерлан Жумабаев');
    await expectAccessible(page, 'console register form');
    await screenshot(page, 'console-register');

    await page.getByRole('button', { name: 'Review consequences' }).click();
    const confirm = page.getByTestId('confirm-step');
    await expect(confirm.textContent()).resolves.toMatch(
      /Received at or after 18:30 or on a day off: registered on the next working day, .+ 09:00\./,
    );
    await expect(confirm.textContent()).resolves.toContain(
      'Entered later than received: the terms still count from the day of receipt.',
    );
    await page.getByRole('button', { name: 'Confirm' }).click();
    // the API's field error, in the reader's language, tied to the field it names
    const subject = page.getByLabel('Subject');
    await page.locator('.field-error').first().waitFor();
    await expect(subject.getAttribute('aria-invalid')).resolves.toBe('true');
    const errorId = ((await subject.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe('Too short or missing.');
    await page.getByRole('alert').first().waitFor();

    await page.getByLabel('Subject').fill('Жылу жоқ');
    await page.getByRole('button', { name: 'Review consequences' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appeal registered' }).waitFor();
    const number = (await page.getByTestId('slip-number').textContent()) ?? '';
    expect(number).toMatch(/^\d{8}-[A-Z0-9]+$/);
    await expect(page.getByTestId('slip-registered').textContent()).resolves.toMatch(/09:00$/);
    await expectAccessible(page, 'console registration slip');

    await page.getByRole('link', { name: 'Open the case' }).click();
    await page.getByRole('heading', { level: 1, name: `Appeal ${number}` }).waitFor();
    const id = page.url().split('/').pop() ?? '';
    const d = await detail(id, 'routed');
    expect(d.channel).toBe('paper');
    expect(d.receivedAt).toBe(new Date(`${receivedOn}T19:10:00+05:00`).toISOString());
    expect(d.registeredAt > d.receivedAt).toBe(true);
    expect(d.registeredAt.slice(11, 16)).toBe('04:00'); // 09:00 in Kazakhstan
  });
});
