import { actorOf } from './actor';

describe('who acts', () => {
  it('is the signed-in caller, with the agency staff act for', () => {
    expect(actorOf({ sub: 'u-1', role: 'registrar', agencyId: 'akimat-almaty' })).toEqual({
      id: 'u-1',
      role: 'registrar',
      agencyId: 'akimat-almaty',
    });
    expect(actorOf({ sub: 'citizen-1', role: 'applicant' })).toEqual({ id: 'citizen-1', role: 'applicant' });
  });

  it('is a stand-in applicant for a caller without an account', () => {
    expect(actorOf(undefined)).toEqual({ id: 'anonymous', role: 'applicant' });
    expect(actorOf(undefined, 'tracking-code-holder')).toEqual({
      id: 'tracking-code-holder',
      role: 'applicant',
    });
  });

  it('is a process of the platform, as the system', () => {
    expect(actorOf({ system: 'routing-rules' })).toEqual({ id: 'routing-rules', role: 'system' });
    expect(actorOf({ system: 'deadline-watch' })).toEqual({ id: 'deadline-watch', role: 'system' });
  });
});
