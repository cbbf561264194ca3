import { Applicant, Bin, hasValidCheckDigit, Iin } from './common';

// Kazakhstan's IIN/BIN: 12 digits, the last a check digit (two weighted passes modulo 11).
describe('the IIN/BIN check digit', () => {
  it.each([
    ['900101400122', 'an IIN: first pass 1·9 + 2·0 + … + 11·2 = 79 ≡ 2'],
    ['870312450019', 'an IIN: first pass ≡ 9'],
    ['123456789013', 'a BIN-shaped number: first pass 1·1 + 2·2 + … + 11·1 = 296 ≡ 3'],
  ])('accepts %s (%s)', (value) => {
    expect(hasValidCheckDigit(value)).toBe(true);
    expect(Iin.safeParse(value).success).toBe(true);
  });

  it('takes the second pass when the first gives 10', () => {
    // 00000000010x: first pass 10·1 = 10 → second pass (weights 3…11, 1, 2) 1·1 = 1, so the check digit is 1
    expect(hasValidCheckDigit('000000000101')).toBe(true);
    expect(hasValidCheckDigit('000000000100')).toBe(false);
  });

  it('refuses a number whose second pass gives 10 too, whatever its last digit', () => {
    // 00000000281x: first pass 9·2 + 10·8 + 11·1 = 109 ≡ 10, second pass 11·2 + 1·8 + 2·1 = 32 ≡ 10
    const all = Array.from({ length: 10 }, (_, last) => `00000000281${last}`);
    expect(all.filter(hasValidCheckDigit)).toEqual([]);
  });

  it('refuses a wrong check digit with a message naming IIN or BIN', () => {
    expect(Iin.safeParse('900101400123').error?.issues).toEqual([
      expect.objectContaining({ message: 'the check digit does not match: not a valid IIN' }),
    ]);
    expect(Bin.safeParse('123456789012').error?.issues).toEqual([
      expect.objectContaining({ message: 'the check digit does not match: not a valid BIN' }),
    ]);
  });

  it('reports a malformed number once, as malformed, not also as a wrong check digit', () => {
    expect(Iin.safeParse('12').error?.issues).toEqual([
      expect.objectContaining({ message: 'expected a 12-digit IIN' }),
    ]);
  });

  it('names the applicant field that fails', () => {
    const bad = Applicant.safeParse({
      type: 'legal',
      bin: '123456789012',
      organisationName: 'ТОО Су',
      representative: 'А Б',
    });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['bin']]);
  });
});
