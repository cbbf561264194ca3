import { formatDate, formatInstant, fromLocalInput, offsetLabel, toLocalInput } from './format';

describe('console date formatting', () => {
  it('shows an instant in the jurisdiction time, not the machine zone', () => {
    // 18:59:59Z is 23:59:59 in Kazakhstan (UTC+5)
    expect(formatInstant('2026-12-21T18:59:59.999Z', 'en', 300)).toBe('21 Dec 2026, 23:59');
  });

  it('shows a local date as that date in every language', () => {
    expect(formatDate('2026-12-21', 'en')).toBe('21 December 2026');
    expect(formatDate('2026-12-21', 'ru')).toBe('21 декабря 2026');
    expect(formatDate('2026-12-21', 'kk')).toBe('2026 жылғы 21 желтоқсан');
    expect(formatInstant('2026-12-21T18:59:59.999Z', 'kk', 300, true)).toBe(
      '2026 жылғы 21 желтоқсан, 23:59:59',
    );
  });

  it('turns a datetime-local value into an instant with the profile offset and back', () => {
    expect(offsetLabel(300)).toBe('+05:00');
    expect(offsetLabel(-90)).toBe('-01:30');
    expect(fromLocalInput('2026-11-26T19:10', 300)).toBe('2026-11-26T19:10:00+05:00');
    expect(fromLocalInput('', 300)).toBeUndefined();
    expect(toLocalInput('2026-11-26T14:10:05.000Z', 300)).toBe('2026-11-26T19:10:05');
  });
});
