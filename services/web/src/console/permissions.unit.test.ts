import { availableActions, CONSOLE_ROLES, mayDo } from './permissions';

describe('which case actions the console offers', () => {
  it('lets a registrar route or triage an unrouted appeal, and forward or assign a routed one', () => {
    expect(availableActions('registrar', 'registered')).toEqual(['route', 'needs-triage']);
    expect(availableActions('registrar', 'needs_triage')).toEqual(['route']);
    expect(availableActions('registrar', 'routed')).toEqual(['forward', 'assign']);
  });

  it('lets only an executor draft, and a head or approver extend and terminate', () => {
    expect(availableActions('executor', 'in_progress')).toEqual(['hearing', 'draft-answer']);
    expect(availableActions('head', 'in_progress')).toEqual([
      'forward',
      'assign',
      'extend',
      'hearing',
      'terminate',
    ]);
  });

  it('offers nothing on a closed or answered appeal', () => {
    for (const role of ['registrar', 'executor', 'approver', 'head'])
      for (const status of ['answered', 'terminated', 'withdrawn'] as const)
        expect(availableActions(role, status)).toEqual([]);
  });

  it('approves with an approver or head, sends also with a registrar', () => {
    expect(mayDo('approver', 'approve-answer')).toBe(true);
    expect(mayDo('executor', 'approve-answer')).toBe(false);
    expect(mayDo('registrar', 'send-answer')).toBe(true);
    expect(mayDo('registrar', 'approve-answer')).toBe(false);
  });
});

describe("the console follows the server's permission table", () => {
  it('lets an admin route or triage an unrouted appeal, as the server does, and nothing else', () => {
    expect(availableActions('admin', 'registered')).toEqual(['route', 'needs-triage']);
    expect(availableActions('admin', 'routed')).toEqual([]);
    expect(mayDo('admin', 'approve-answer')).toBe(false);
  });

  it('serves agency staff and admins, not applicants, auditors or the press', () => {
    expect([...CONSOLE_ROLES].sort()).toEqual(['admin', 'approver', 'executor', 'head', 'registrar']);
  });
});
