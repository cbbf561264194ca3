import { KZ_2028_NEW_YEAR, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { calendarsRouter } from './calendars.http';

// GET /api/v1/calendars/{profileId} on the test platform: the loaded years, and the warning an admin needs to load
// the next one before deadlines start to be counted provisionally (from 90 days before the last loaded year ends).

let s: TestPlatform;
const start = (at: string) => {
  s = createTestPlatform({ start: at });
  s.mount(calendarsRouter(s));
};
afterEach(async () => {
  await s.stop();
});

describe('the calendars of a profile', () => {
  it('carry no warning more than 90 days before the last loaded year ends (Fri 1 Oct 2027)', async () => {
    start('2027-10-01T10:00:00+05:00');
    const reply = await s.get('/calendars/kz-appk', undefined);
    expect(reply.status).toBe(200);
    expect(reply.body.warning).toBeNull();
  });

  it('warn from Sat 2 Oct 2027: which profile, which year is missing, from when deadlines are provisional', async () => {
    start('2027-10-02T10:00:00+05:00');
    const reply = await s.get('/calendars/kz-appk', undefined);
    expect(reply.body.warning).toEqual({
      profileId: 'kz-appk',
      missingYear: 2028,
      provisionalFrom: '2028-01-01',
      warnFrom: '2027-10-02',
    });
  });

  it('stop warning once the admin loaded the missing year', async () => {
    start('2027-12-01T10:00:00+05:00');
    s.jurisdictions.book.addYear(KZ_2028_NEW_YEAR);
    const reply = await s.get('/calendars/kz-appk', undefined);
    expect(reply.body.warning).toBeNull();
    expect(reply.body.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026, 2027, 2028]);
  });
});
