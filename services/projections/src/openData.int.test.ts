import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { openDataTableSchema } from './openData.http';
import { createProjectionsService } from './projections.service';
import { answerOnPlatform } from './statsScenario';

// The open data against a hand count (docs/open-data.md), on the test platform: commands → event store → relay →
// bus → projector → statistics buckets → GET /open-data. All appeals go to the Bostandyk akimat.
//
// March 2026 (filed Mon 2 Mar, due Mon 23 Mar):
//   X  housing_utilities, 3 in Bostandyk district (751510000) + 2 in Almaty city (750000000)  → one row, Almaty city:
//      5 filed, none answered
//   Y  roads_transport, Almaty city: 2 filed                                                  → suppressed (2 < 5)
//   Z  education, Almaty city: 6 filed; 2 answered on Thu 5 Mar (on time), 1 on Mon 20 Apr (late); the 3 rated 5, 4, 1
//      → shown: 6 filed, 3 answered, 2 on time (66.7 %), ratings 3, average withheld (3 ratings < 5)
//   Y alone is 2 < 5 appeals, and the month's total of the agency is public (GET /stats/agencies): the smallest
//   other row, X (5), is suppressed too, so together they hold 7.
// April 2026 (filed Mon 6 Apr):
//   W  housing_utilities, Almaty city: 5 filed, all answered Wed 8 Apr (on time, 2 days), rated 5, 4, 4, 3, 2
//      → shown: 5 filed, 5 answered, 100 %, 2.0 days, average 3.6

const AGENCY = 'akimat-almaty-bostandyk';
let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;

const answer = (appealId: string, score?: number) => answerOnPlatform(s, appealId, score);

const file = async (n: number, categoryId: string, regionKato: string) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await s.routedAppeal({ categoryId, regionKato }));
  return ids;
};

beforeAll(async () => {
  s = createTestPlatform({ start: '2026-03-02T10:00:00+05:00' });
  service = createProjectionsService({ ...s, statsCacheMs: 0 });
  s.mount(service.router);
  await service.start();
  await file(3, 'housing_utilities', '751510000');
  await file(2, 'housing_utilities', '750000000');
  await file(2, 'roads_transport', '750000000');
  const z = await file(6, 'education', '750000000');
  s.setNow('2026-03-05T10:00:00+05:00');
  await answer(z[0]!, 5);
  await answer(z[1]!, 4);
  s.setNow('2026-04-06T10:00:00+05:00');
  const w = await file(5, 'housing_utilities', '750000000');
  s.setNow('2026-04-08T10:00:00+05:00');
  for (const [i, score] of [5, 4, 4, 3, 2].entries()) await answer(w[i]!, score);
  s.setNow('2026-04-20T10:00:00+05:00');
  await answer(z[2]!, 1);
  await s.settled();
});

afterAll(async () => {
  await service.stop();
  await s.stop();
});

const blank = {
  filed: null,
  answered: null,
  answeredOnTime: null,
  answeredOnTimePct: null,
  avgAnswerDays: null,
  deemedRefused: null,
  ratings: null,
  avgRating: null,
};
const row = (month: string, categoryId: string, figures: object) => ({
  month,
  agencyId: AGENCY,
  categoryId,
  regionKato: '750000000',
  ...figures,
});

describe('GET /open-data/monthly.json', () => {
  it('gives one row per agency, category, top region and month of registration, as counted by hand, small cells suppressed', async () => {
    const res = await s.get('/open-data/monthly.json?lang=en');
    expect(res.status).toBe(200);
    expect(res.body.suppression.minCell).toBe(5);
    expect(res.body.rows).toEqual(
      [
        row('2026-03', 'education', {
          suppressed: false,
          filed: 6,
          answered: 3,
          answeredOnTime: 2,
          answeredOnTimePct: 66.7,
          avgAnswerDays: expect.any(Number),
          deemedRefused: 0,
          ratings: 3,
          avgRating: null,
        }),
        row('2026-03', 'housing_utilities', { suppressed: true, ...blank }),
        row('2026-03', 'roads_transport', { suppressed: true, ...blank }),
        row('2026-04', 'housing_utilities', {
          suppressed: false,
          filed: 5,
          answered: 5,
          answeredOnTime: 5,
          answeredOnTimePct: 100,
          avgAnswerDays: 2,
          deemedRefused: 0,
          ratings: 5,
          avgRating: 3.6,
        }),
      ].map((r) => expect.objectContaining(r)),
    );
    expect(res.body.rows[0]).toMatchObject({
      agencyName: 'Bostandyk District Akimat',
      regionName: 'Almaty city',
    });
  });

  it('adds up to the public per-agency statistics of each month (which is why a lone small cell is not enough)', async () => {
    const march = await s.get('/stats/agencies?from=2026-03-01&to=2026-03-31');
    expect(march.body.items).toEqual([
      expect.objectContaining({ agencyId: AGENCY, received: 13, answered: 3 }),
    ]);
  });

  it('takes months and one agency, and names a bad field', async () => {
    const april = await s.get('/open-data/monthly.json?from=2026-04&to=2026-04');
    expect(april.body.rows.map((r: { month: string }) => r.month)).toEqual(['2026-04']);
    const other = await s.get('/open-data/monthly.json?agencyId=mon');
    expect(other.body.rows).toEqual([]);
    const bad = await s.get('/open-data/monthly.json?from=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.from');
    const reversed = await s.get('/open-data/monthly.json?from=2026-04&to=2026-03');
    expect(reversed.body.errors[0].field).toBe('query.to');
  });
});

describe('GET /open-data/monthly.csv and its schema', () => {
  it('writes the same rows as CSV, the columns of the Table Schema, suppressed figures empty', async () => {
    const res = await s.get('/open-data/monthly.csv?lang=ru');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = res.text.trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(openDataTableSchema().fields.map((f) => f.name));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `2026-03,${AGENCY},Аким Бостандыкского района,housing_utilities,Жилищно-коммунальное хозяйство,750000000,город Алматы,true,,,,,,,,`,
    );
    expect(lines[3]!.split(',').slice(7)).toEqual(['false', '5', '5', '5', '100', '2', '0', '5', '3.6']);
  });

  it('publishes the Table Schema', async () => {
    const res = await s.get('/open-data/monthly.schema.json');
    expect(res.body.primaryKey).toEqual(['month', 'agencyId', 'categoryId', 'regionKato']);
    expect(res.body.fields.find((f: { name: string }) => f.name === 'month').type).toBe('yearmonth');
  });
});
