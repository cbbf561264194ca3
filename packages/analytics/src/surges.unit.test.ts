import { binomialUpper } from './poisson';
import { detectSurges, judgeWeek } from './surges';

// A week is judged against the mean of the eight before it with the conditional Poisson test (alpha 0.001), and
// only a large enough departure counts.
describe('judging a week', () => {
  const baseline = [2, 3, 2, 1, 2, 3, 2, 1]; // 16 in 8 weeks: 2 a week expected

  it('reports a rise the test finds significant', () => {
    const judged = judgeWeek(12, baseline, true);
    expect(judged).toEqual({
      direction: 'up',
      observed: 12,
      expected: 2,
      pValue: binomialUpper(12, 28, 1 / 9),
    });
    expect(judged!.pValue).toBeLessThan(0.001);
  });

  it('does not report an ordinary week, a rise below five, or a week without enough history', () => {
    expect(judgeWeek(4, baseline, true)).toBeUndefined();
    expect(judgeWeek(4, [0, 0, 0, 0, 0, 0, 0, 0], true)).toBeUndefined(); // 4 < minCount
    expect(judgeWeek(30, [1, 1, 1], true)).toBeUndefined(); // 3 weeks of history < 4
  });

  it('reports a drop only in a finished week with enough expected', () => {
    const busy = [20, 22, 18, 21, 19, 20, 20, 20];
    expect(judgeWeek(3, busy, true)).toMatchObject({ direction: 'down', observed: 3, expected: 20 });
    expect(judgeWeek(3, busy, false)).toBeUndefined();
    expect(judgeWeek(0, [2, 3, 2, 1, 2, 3, 2, 1], true)).toBeUndefined(); // 2 expected < 5
  });

  it('uses only the last eight weeks', () => {
    expect(judgeWeek(12, [50, 50, ...baseline], true)).toEqual(judgeWeek(12, baseline, true));
  });
});

describe('detecting surges over cells', () => {
  const mondays = [
    '2026-01-05',
    '2026-01-12',
    '2026-01-19',
    '2026-01-26',
    '2026-02-02',
    '2026-02-09',
    '2026-02-16',
    '2026-02-23',
  ];
  const week = '2026-03-02';
  const cell = (categoryId: string, regionKato: string, counts: number[], now: number) => ({
    categoryId,
    regionKato,
    weeks: new Map([...mondays.map((m, i) => [m, counts[i]!] as const), [week, now]]),
  });

  it('lists the departing cells with their baseline, most significant first', () => {
    const surges = detectSurges(
      [
        cell('housing_utilities', '751510000', [2, 3, 2, 1, 2, 3, 2, 1], 12),
        cell('roads_transport', '710000000', [2, 2, 2, 2, 2, 2, 2, 2], 9),
        cell('education', '750000000', [5, 6, 4, 5, 5, 6, 4, 5], 6),
      ],
      week,
      mondays,
      true,
    );
    expect(surges.map((s) => [s.categoryId, s.observed, s.expected])).toEqual([
      ['housing_utilities', 12, 2],
      ['roads_transport', 9, 2],
    ]);
    expect(surges[0]!.baseline).toEqual(
      mondays.map((m, i) => ({ week: m, count: [2, 3, 2, 1, 2, 3, 2, 1][i] })),
    );
    expect(surges[0]!.pValue).toBeLessThan(surges[1]!.pValue);
  });
});
