import type { Principal } from '@appeals/http';
import { demoCatalog } from '@appeals/reference-data';
import { actionRules, authorizeAction, canReadAgency, canSee, hashTrackingCode } from './access';

const catalog = demoCatalog();
const staff = (role: Principal['role'], agencyId: string): Principal => ({
  sub: `${role}@${agencyId}`,
  role,
  agencyId,
});
const routedToBostandyk = {
  agencyId: 'akimat-almaty-bostandyk',
  applicantAccountId: 'citizen-1',
  trackingCodeHash: hashTrackingCode('ABCDEF1234'),
};

describe('who may see an appeal', () => {
  it.each([
    ['its own applicant', { sub: 'citizen-1', role: 'applicant' } as Principal, true],
    ['another applicant', { sub: 'citizen-2', role: 'applicant' } as Principal, false],
    ['staff of the agency it is with', staff('executor', 'akimat-almaty-bostandyk'), true],
    ['staff of the parent agency (subtree)', staff('head', 'akimat-almaty'), true],
    ['staff of a sibling agency', staff('head', 'akimat-almaty-almaly'), false],
    ['staff of an unrelated ministry', staff('registrar', 'moh'), false],
    ['an auditor', { sub: 'a', role: 'auditor' } as Principal, true],
    ['an admin', { sub: 'a', role: 'admin' } as Principal, true],
    ['the press, even with an agency in its token', staff('press', 'akimat-almaty-bostandyk'), false],
    ['nobody signed in', undefined, false],
  ])('%s: %s', (_name, who, expected) => {
    expect(canSee(catalog, who, routedToBostandyk)).toBe(expected);
  });

  it('lets the holder of the tracking code see it, whatever the letter case, and nobody with a wrong code', () => {
    expect(canSee(catalog, undefined, routedToBostandyk, 'abcdef1234')).toBe(true);
    expect(canSee(catalog, undefined, routedToBostandyk, 'ABCDEF1235')).toBe(false);
  });

  it('keeps an unrouted appeal at the top of the tree (the triage desk) unless it was addressed to a body', () => {
    const unrouted = { applicantAccountId: 'c' };
    expect(canSee(catalog, staff('registrar', 'gov'), unrouted)).toBe(true);
    expect(canSee(catalog, staff('registrar', 'akimat-almaty'), unrouted)).toBe(false);
    expect(
      canSee(catalog, staff('registrar', 'akimat-almaty'), {
        ...unrouted,
        addressedAgencyId: 'akimat-almaty-bostandyk',
      }),
    ).toBe(true);
  });
});

describe('who may act', () => {
  const state = { status: 'in_progress', ...routedToBostandyk } as never;

  it('answers 404 (not 403) to someone who may not even see the appeal, so its existence does not leak', () => {
    expect(() => authorizeAction(catalog, 'extend', staff('approver', 'moh'), state)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('answers 403 naming the roles to someone who sees it but whose role may not act', () => {
    expect(() =>
      authorizeAction(catalog, 'approve-answer', staff('executor', 'akimat-almaty-bostandyk'), state),
    ).toThrow(expect.objectContaining({ status: 403, detail: expect.stringContaining('approver, head') }));
  });

  it('lets auditors read but never act', () => {
    expect(() => authorizeAction(catalog, 'terminate', { sub: 'a', role: 'auditor' }, state)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('lets a tracking-code holder act as the applicant', () => {
    expect(() => authorizeAction(catalog, 'withdraw', undefined, state, 'ABCDEF1234')).not.toThrow();
    expect(() => authorizeAction(catalog, 'assign', undefined, state, 'ABCDEF1234')).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('answers 404 for an appeal that does not exist', () => {
    expect(() =>
      authorizeAction(catalog, 'rate', { sub: 'a', role: 'applicant' }, { status: 'none' }),
    ).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('who may read an agency inbox', () => {
  const bostandyk = 'akimat-almaty-bostandyk';
  it.each([
    ['its own staff', staff('executor', bostandyk), bostandyk, true],
    ['staff of the parent agency', staff('head', 'akimat-almaty'), bostandyk, true],
    ['staff of a child agency (never upwards)', staff('head', bostandyk), 'akimat-almaty', false],
    ['staff of a sibling agency', staff('registrar', 'akimat-almaty-almaly'), bostandyk, false],
    ['an auditor', { sub: 'a', role: 'auditor' } as Principal, bostandyk, true],
    ['the press', staff('press', 'akimat-almaty'), bostandyk, false],
    ['an applicant', { sub: 'c', role: 'applicant' } as Principal, bostandyk, false],
    ['nobody signed in', undefined, bostandyk, false],
  ])('%s: %s', (_name, who, agency, expected) => {
    expect(canReadAgency(catalog, who, agency)).toBe(expected);
  });
});

describe('policy rows of actions', () => {
  it('admits anonymous callers (tracking code) to the applicant’s actions only, and answers 404 when the appeal check fails', () => {
    const rows = actionRules(['withdraw', 'assign']);
    expect(rows['POST /api/v1/appeals/:id/withdraw']).toMatchObject({
      allow: ['anonymous', 'applicant'],
      refusedWith: 404,
    });
    expect(rows['POST /api/v1/appeals/:id/assign']?.allow).toEqual(['registrar', 'head', 'approver']);
  });
});
