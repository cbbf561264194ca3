import { demoCatalog } from '@appeals/reference-data';
import { topRegionOf, withhold } from './openData';

describe('the suppression rule', () => {
  it('withholds every size from 1 to 4, and nothing when none is small', () => {
    expect(withhold([5, 3, 0, 12, 4], 5)).toEqual([false, true, false, false, true]);
    expect(withhold([5, 6, 0], 5)).toEqual([false, false, false]);
  });

  it('withholds the next smallest while the withheld of a group hold fewer than 5, so none can be worked out', () => {
    // 2 alone could be read off the group's public total: the 6 goes too (8 ≥ 5), not the 9
    expect(withhold([9, 2, 6], 5)).toEqual([false, true, true]);
    // 1 + 1 + 2 = 4 < 5: the 5 goes too
    expect(withhold([1, 1, 2, 5, 7], 5)).toEqual([true, true, true, true, false]);
    // everything small: all withheld, the loop ends
    expect(withhold([1, 2], 5)).toEqual([true, true]);
  });

  it('counts what is withheld already towards the group (the average rating of a suppressed row)', () => {
    expect(withhold([3, 0, 6], 5, [false, true, false])).toEqual([true, true, true]);
    expect(withhold([0, 4, 6], 5, [true, false, false])).toEqual([true, true, true]);
  });
});

describe('regions of the open data', () => {
  it('are the catalog’s top regions: a district counts in its city; a code the catalog lacks stays itself', () => {
    const top = topRegionOf(demoCatalog());
    expect(top('751510000')).toBe('750000000');
    expect(top('750000000')).toBe('750000000');
    expect(top('123456789')).toBe('123456789');
  });
});
