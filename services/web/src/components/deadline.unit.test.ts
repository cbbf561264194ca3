import { deadlineFacts, formatDay } from './deadline';

// Kazakhstan (UTC+5): the last instant of 21 December is 18:59:59.999Z.
const deadline = { dueOn: '2026-12-21', dueAt: '2026-12-21T18:59:59.999Z' };

describe('deadlineFacts', () => {
  it('counts calendar days in the deadline’s own zone', () => {
    expect(deadlineFacts(deadline, new Date('2026-11-27T03:22:00Z'))).toMatchObject({ daysLeft: 24, state: 'future' });
    // 20:00Z on 26 November is already 27 November in Almaty.
    expect(deadlineFacts(deadline, new Date('2026-11-26T20:00:00Z')).daysLeft).toBe(24);
    expect(deadlineFacts(deadline, new Date('2026-11-26T18:00:00Z')).daysLeft).toBe(25);
  });

  it('says today on the last day, and past after its last instant', () => {
    expect(deadlineFacts(deadline, new Date('2026-12-21T18:59:59.000Z'))).toMatchObject({ daysLeft: 0, state: 'today' });
    expect(deadlineFacts(deadline, new Date('2026-12-21T19:00:00.000Z'))).toMatchObject({ daysLeft: -1, state: 'past' });
    expect(deadlineFacts(deadline, new Date('2026-12-24T10:00:00.000Z'))).toMatchObject({ daysLeft: -3, state: 'past' });
  });

  it('works for a zone west of UTC too', () => {
    const moscow = { dueOn: '2026-03-02', dueAt: '2026-03-02T20:59:59.999Z' };
    expect(deadlineFacts(moscow, new Date('2026-02-28T22:30:00Z')).daysLeft).toBe(1);
  });
});

describe('formatDay', () => {
  it('writes a date-only value without shifting it by the reader’s zone', () => {
    expect(formatDay('2026-12-21', 'en-GB')).toMatch(/^Monday,? 21 December 2026$/);
    expect(formatDay('2026-12-21', 'ru-RU', false)).toBe('21 декабря 2026 г.');
  });
  it('spells Kazakh dates out (browsers lack the Kazakh calendar data)', () => {
    expect(formatDay('2026-12-21', 'kk-KZ')).toBe('2026 жылғы 21 желтоқсан, дүйсенбі');
    expect(formatDay('2027-02-27', 'kk-KZ', false)).toBe('2027 жылғы 27 ақпан');
  });
});
