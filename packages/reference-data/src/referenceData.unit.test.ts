import { demoCatalog, loadReferenceData } from './referenceData';

describe('demo reference data', () => {
  const catalog = demoCatalog();

  it('routes housing complaints in a district to the district akimat (longest prefix wins)', () => {
    expect(
      catalog.route({ categoryId: 'housing_utilities', regionKato: '751510000', kind: 'complaint' })
        ?.agencyId,
    ).toBe('akimat-almaty-bostandyk');
    expect(
      catalog.route({ categoryId: 'housing_utilities', regionKato: '750000000', kind: 'application' })
        ?.agencyId,
    ).toBe('akimat-almaty');
  });

  it('prefers a kind rule over a category rule by priority', () => {
    expect(
      catalog.route({ categoryId: 'housing_utilities', regionKato: '750000000', kind: 'media_request' })
        ?.agencyId,
    ).toBe('mci');
  });

  it('finds no rule for an uncovered category and region, so the appeal needs triage', () => {
    expect(
      catalog.route({ categoryId: 'environment', regionKato: '390000000', kind: 'application' }),
    ).toBeUndefined();
  });

  it('knows the agency tree: parents, subtrees and the top', () => {
    expect(catalog.higherAgency('akimat-almaty-bostandyk')).toBe('akimat-almaty');
    expect(catalog.higherAgency('gov')).toBe('gov');
    expect(catalog.isWithin('akimat-almaty-bostandyk', 'akimat-almaty')).toBe(true);
    expect(catalog.isWithin('akimat-astana', 'akimat-almaty')).toBe(false);
    expect(catalog.lawEnforcementAgency()).toBe('mvd');
  });

  it('refuses data whose rule points at an unknown agency', () => {
    expect(() =>
      loadReferenceData({
        source: 't',
        regions: [],
        agencies: [],
        categories: [],
        routingRules: [{ id: 'x', priority: 1, agencyId: 'nope' }],
      }),
    ).toThrow('unknown agency nope');
  });
});
