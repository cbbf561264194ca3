import { createInMemoryReadStore } from '@appeals/readstore';
import { demoCatalog } from '@appeals/reference-data';
import { registeredRange } from './period';
import { summaryOf } from './statsScenario';
import { computeAgencyStats, summariesRegistered } from './stats';

describe('computeAgencyStats', () => {
  const catalog = demoCatalog();
  const now = new Date('2026-03-30T05:00:00.000Z');

  it('leaves out appeals not registered yet or held by no agency', () => {
    expect(
      computeAgencyStats(
        [summaryOf({ registeredAt: null }), summaryOf({ agencyId: null }), summaryOf({ appealId: 'y' })],
        catalog,
        now,
      ).map((i) => [i.agencyId, i.received]),
    ).toEqual([['mon', 1]]);
  });

  it('rounds the on-time share to one decimal and counts an answer not on time as late', () => {
    const answered = (onTime: boolean) =>
      summaryOf({ open: false, answeredAt: '2026-03-04T05:00:00.000Z', answeredOnTime: onTime });
    const [mon] = computeAgencyStats([answered(true), answered(false), answered(false)], catalog, now);
    expect(mon).toMatchObject({ answered: 3, answeredOnTime: 1, answeredOnTimePct: 33.3, avgAnswerDays: 2 });
  });

  it('keeps an agency the catalog does not know, after the known ones, named by its id', () => {
    const items = computeAgencyStats([summaryOf({ agencyId: 'zz-gone' }), summaryOf({})], catalog, now);
    expect(items.map((i) => i.agencyId)).toEqual(['mon', 'zz-gone']);
    expect(items[1]!.name).toEqual({ kk: 'zz-gone', ru: 'zz-gone', en: 'zz-gone' });
  });
});

describe('summariesRegistered', () => {
  it('reads every registered summary in the period once, newest first, page after page', async () => {
    const views = createInMemoryReadStore();
    for (let i = 0; i < 7; i++) {
      const day = `2026-03-0${i + 1}`;
      await views.upsert(
        's',
        `a${i}`,
        { ...summaryOf({ appealId: `a${i}` }), registeredAt: `${day}T05:00:00.000Z` },
        1,
      );
    }
    await views.upsert('s', 'a9', summaryOf({ appealId: 'a9', registeredAt: null }), 1);

    const read = async (range: ReturnType<typeof registeredRange>) => {
      const ids: string[] = [];
      for await (const s of summariesRegistered(views, 's', range, 2)) ids.push(s.appealId);
      return ids;
    };

    expect(await read(undefined)).toEqual(['a6', 'a5', 'a4', 'a3', 'a2', 'a1', 'a0']);
    expect(await read(registeredRange({ from: '2026-03-02', to: '2026-03-05' }))).toEqual([
      'a4',
      'a3',
      'a2',
      'a1',
    ]);
  });
});

describe('registeredRange', () => {
  it('takes a date as the whole local day and a date-time as the exact moment', () => {
    expect(registeredRange({ from: '2026-03-02', to: '2026-03-02' })).toEqual({
      gte: '2026-03-01T19:00:00.000Z',
      lt: '2026-03-02T19:00:00.000Z',
    });
    expect(registeredRange({ from: '2026-03-02T10:00:00+05:00', to: '2026-03-02T12:00:00Z' })).toEqual({
      gte: '2026-03-02T05:00:00.000Z',
      lte: '2026-03-02T12:00:00.000Z',
    });
    expect(registeredRange({ from: '2026-03-02' }, 180)).toEqual({ gte: '2026-03-01T21:00:00.000Z' });
    expect(registeredRange({})).toBeUndefined();
  });
});
