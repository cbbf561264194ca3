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
    expect(catalog.isWithin('akimat-almaty-bostandyk', 'akimat-almaty')).toBe(true);
    expect(catalog.isWithin('akimat-astana', 'akimat-almaty')).toBe(false);
    expect(catalog.lawEnforcementAgency()).toBe('mvd');
  });

  describe('who reviews complaints about a body', () => {
    const withReviewer = (reviewer: string) =>
      loadReferenceData({
        ...catalog.data,
        agencies: catalog.data.agencies.map((a) =>
          a.id === 'gov' ? { ...a, complaintReviewer: reviewer } : a,
        ),
      });

    it('is the body above it', () => {
      expect(catalog.complaintReviewer('akimat-almaty-bostandyk')).toBe('akimat-almaty');
      expect(catalog.complaintReviewer('mvd')).toBe('gov');
    });

    it('is nobody for the top of the tree: a body never reviews complaints about itself', () => {
      expect(catalog.complaintReviewer('gov')).toBeUndefined();
    });

    it('is the configured reviewer where the data names one', () => {
      expect(withReviewer('mvd').complaintReviewer('gov')).toBe('mvd');
    });

    it('refuses data naming an unknown reviewer, or a body as its own', () => {
      expect(() => withReviewer('nowhere')).toThrow(/gov: unknown complaint reviewer nowhere/);
      expect(() => withReviewer('gov')).toThrow(/gov: a body cannot review complaints about itself/);
    });
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
