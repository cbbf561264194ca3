import { stemKazakh } from './kazakh';

// The inflected forms of one word meet in one stem; different words stay apart.
describe('the Kazakh light stemmer', () => {
  it.each([
    [['жол', 'жолы', 'жолдар', 'жолдарды', 'жолға', 'жолында'], 'жол'],
    [['көше', 'көшеде', 'көшедегі', 'көшелер', 'көшенің'], 'көше'],
    [['мектеп', 'мектепте', 'мектебі', 'мектептер', 'мектептен'], 'мектеп'],
    [['жарық', 'жарығы', 'жарықты'], 'жарық'],
    [['қала', 'қаласы', 'қалада', 'қаланың'], 'қала'],
  ])('%j → %s', (forms, stem) => {
    expect(forms.map(stemKazakh)).toEqual(forms.map(() => stem));
  });

  it('keeps short words and different words apart', () => {
    expect(stemKazakh('су')).toBe('су');
    expect(stemKazakh('үй')).toBe('үй');
    expect(stemKazakh('жол')).not.toBe(stemKazakh('жылу'));
  });
});
