import { demoUsers } from './demoUsers';
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

describe('demo users', () => {
  const catalog = demoCatalog();
  const users = demoUsers();

  it('gives every staff user an agency of the demo seed, and no one else an agency', () => {
    for (const user of users) {
      const staff = ['registrar', 'executor', 'approver', 'head'].includes(user.role);
      expect({ sub: user.sub, hasAgency: user.agencyId !== undefined }).toEqual({
        sub: user.sub,
        hasAgency: staff,
      });
      if (user.agencyId) expect(catalog.agency(user.agencyId)?.id).toBe(user.agencyId);
    }
  });

  it('has unique subjects and the roles the web app signs in as', () => {
    expect(new Set(users.map((u) => u.sub)).size).toBe(users.length);
    expect(users.map((u) => `${u.sub}:${u.role}:${u.agencyId ?? ''}`)).toEqual([
      'citizen-1:applicant:',
      'citizen-2:applicant:',
      'registrar-almaty:registrar:akimat-almaty',
      'executor-almaty:executor:akimat-almaty',
      'approver-almaty:approver:akimat-almaty',
      'head-almaty:head:akimat-almaty',
      'registrar-mon:registrar:mon',
      'executor-mon:executor:mon',
      'approver-mon:approver:mon',
      'auditor-1:auditor:',
      'admin-1:admin:',
      'press-1:press:',
    ]);
    expect(users.find((u) => u.sub === 'citizen-1')?.name).toBe('Айгерим Садыкова');
  });
});
