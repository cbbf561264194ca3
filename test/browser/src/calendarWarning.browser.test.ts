import { describeWithBrowser, expectAccessible, signInAs } from './harness';

// Six weeks before 2028, with kz-appk's calendars loaded through 2027: the console tells staff that deadlines running
// into 2028 are provisional until an admin loads its calendar (the server's GET /calendars warning, ADR 0018).
const shift = Date.parse('2027-11-16T10:00:00+05:00') - Date.now();

describeWithBrowser(
  'the console when the working-day calendars run out',
  (sys) => {
    it('shows staff that the next year is not loaded and from when deadlines are provisional', async () => {
      const page = await sys.newPage();
      await page.goto(sys.baseUrl);
      await signInAs(page, 'approver-almaty');
      await page.goto(`${sys.baseUrl}/console`);
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      const notice = page.getByTestId('calendar-warning');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toBe(
        'The working-day calendar for 2028 is not loaded yet: deadlines counted from 1 January 2028 on are ' +
          'provisional (weekends and fixed-date holidays only) until an administrator loads it.',
      );
      await expectAccessible(page, 'console with the calendar warning');
    });
  },
  { clock: () => new Date(Date.now() + shift) },
);
