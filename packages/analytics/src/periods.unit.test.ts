import { isoWeekLabel, localDateOf, mondayOf, periodBefore, periodOf } from './periods';

describe('local periods (UTC+05:00)', () => {
  it('names ISO weeks by the year of their Thursday', () => {
    expect(isoWeekLabel('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekLabel('2027-01-01')).toBe('2026-W53'); // a Friday: 2026 has 53 weeks
    expect(isoWeekLabel('2026-03-04')).toBe('2026-W10');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // Sunday → its Monday
  });

  it('gives a week and a month as local dates and UTC instants', () => {
    expect(periodOf('week', '2026-03-04', 300)).toEqual({
      kind: 'week',
      label: '2026-W10',
      start: '2026-03-02',
      end: '2026-03-08',
      days: 7,
      from: '2026-03-01T19:00:00.000Z',
      to: '2026-03-08T19:00:00.000Z',
    });
    const feb = periodBefore(periodOf('month', '2026-03-15', 300), 300);
    expect([feb.label, feb.start, feb.end, feb.days]).toEqual(['2026-02', '2026-02-01', '2026-02-28', 28]);
    expect(periodBefore(periodOf('week', '2026-03-04', 300), 300, 2).label).toBe('2026-W08');
  });

  it('reads the local date of an instant', () => {
    expect(localDateOf('2026-03-01T19:00:00Z', 300)).toBe('2026-03-02');
    expect(localDateOf('2026-03-01T18:59:59Z', 300)).toBe('2026-03-01');
  });
});
