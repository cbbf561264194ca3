import { createJurisdictions } from './jurisdictions';

describe('jurisdiction rules handed to the decider', () => {
  const j = createJurisdictions();

  it('registers a Friday-evening appeal on Monday and counts 15 working days from there (kz-appk)', () => {
    const rules = j.rulesFor('kz-appk');
    // Fri 2026-10-02 19:00 local (14:00Z) is after the 18:30 cut-off → registered Mon 2026-10-05.
    const reg = rules.registration(new Date('2026-10-02T14:00:00Z'));
    expect(reg).toMatchObject({ registeredOn: '2026-10-05', deferred: true });
    // Oct 2026: Oct 25 (Sun) Republic Day moves to Mon Oct 26. Counting 15 working days after Mon Oct 5:
    // Oct 6-9 (4), 12-16 (9), 19-23 (14), 27 (15) → Tue 2026-10-27, end of day local = 18:59:59.999Z.
    expect(rules.deadline(reg.registeredOn, 'application')).toEqual({
      dueOn: '2026-10-27',
      dueAt: '2026-10-27T18:59:59.999Z',
      termDays: 15,
      regime: 'working',
    });
    expect(rules.stateLanguage).toBe('kk');
  });

  it('uses a calendar year an admin loads at run time', () => {
    const local = createJurisdictions();
    const rules = local.rulesFor('kz-appk');
    // Before: weekends and the fixed holidays only (Mar 8, Nauryz 21-23): Mar 2-3 (2), 6-7 (4), 9-10 (6),
    // 13-17 (11), 20 (12), 24 (13), 27-28 (15) → Tue 2028-03-28, provisional.
    expect(rules.deadline('2028-03-01', 'application')).toMatchObject({
      dueOn: '2028-03-28',
      provisional: true,
    });
    local.book.addYear({
      profileId: 'kz-appk',
      year: 2028,
      holidays: [],
      movedDaysOff: [],
      movedWorkingDays: [],
      source: 'test',
      verified: false,
    });
    // Wed 2028-03-01 + 15 working days with no holidays: Mar 2-3 (2), 6-10 (7), 13-17 (12), 20-22 (15) → Wed 2028-03-22.
    expect(rules.deadline('2028-03-01', 'application')).toEqual({
      dueOn: '2028-03-22',
      dueAt: '2028-03-22T18:59:59.999Z',
      termDays: 15,
      regime: 'working',
    });
  });

  it('registers an appeal whose term runs past the loaded years, with a provisional deadline (kz-appk)', () => {
    const rules = createJurisdictions().rulesFor('kz-appk');
    // Fri 10 Dec 2027 10:00 local: 15 working days end Mon 3 Jan 2028, counted without the 2028 calendar.
    const reg = rules.registration(new Date('2027-12-10T05:00:00Z'));
    expect(rules.deadline(reg.registeredOn, 'application')).toMatchObject({
      dueOn: '2028-01-03',
      provisional: true,
    });
    expect(rules.workingDayOnOrAfter('2028-01-01')).toEqual({ dueOn: '2028-01-03', provisional: true });
  });
});
