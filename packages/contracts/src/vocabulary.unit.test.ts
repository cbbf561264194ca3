import { ActionBodies, AppealStatus, EventSchemas } from './index';
import {
  ACTION_ROLES,
  APPEAL_ACTIONS,
  APPEAL_EVENT_TYPES,
  APPEAL_STATUSES,
  CLOSED_STATUSES,
  OPEN311_STATUS_OF,
  OPEN_STATUSES,
  appealStatusesOf,
  ROUTED_STATUSES,
  UNROUTED_STATUSES,
  isClosedStatus,
  isOpenStatus,
  isStaffRole,
  mayTake,
  readsAll,
} from './vocabulary';

describe('the vocabulary', () => {
  it('names what the schemas accept: every status, action and appeal event type', () => {
    expect(AppealStatus.options).toEqual([...APPEAL_STATUSES]);
    expect(Object.keys(ActionBodies)).toEqual([...APPEAL_ACTIONS]);
    expect(Object.keys(EventSchemas)).toEqual([...APPEAL_EVENT_TYPES]);
  });

  it('keeps an appeal open until it is answered, terminated or withdrawn', () => {
    expect(APPEAL_STATUSES.filter(isOpenStatus)).toEqual([
      'registered',
      'needs_triage',
      'routed',
      'in_progress',
    ]);
  });

  it('puts every status in exactly one phase: unrouted, routed, answered or closed', () => {
    const phases = [...UNROUTED_STATUSES, ...ROUTED_STATUSES, 'answered', ...CLOSED_STATUSES];
    expect([...phases].sort()).toEqual([...APPEAL_STATUSES].sort());
    expect(OPEN_STATUSES).toEqual([...UNROUTED_STATUSES, ...ROUTED_STATUSES]);
    expect(APPEAL_STATUSES.filter(isClosedStatus)).toEqual([...CLOSED_STATUSES]);
  });

  it('tells agency staff from the roles that read every appeal', () => {
    expect(['registrar', 'executor', 'approver', 'head', 'admin', 'auditor'].filter(isStaffRole)).toEqual([
      'registrar',
      'executor',
      'approver',
      'head',
    ]);
    expect(['registrar', 'admin', 'auditor', 'press'].filter(readsAll)).toEqual(['admin', 'auditor']);
  });

  it('lets admins route and triage, applicants only act on their own appeal, and nobody act as the press', () => {
    expect(mayTake('admin', 'route')).toBe(true);
    expect(mayTake('admin', 'needs-triage')).toBe(true);
    expect(mayTake('admin', 'forward')).toBe(false);
    const applicants = APPEAL_ACTIONS.filter((a) => mayTake('applicant', a));
    expect(applicants).toEqual(['withdraw', 'rate', 'reopen', 'complain']);
    for (const action of APPEAL_ACTIONS) {
      expect(mayTake('press', action)).toBe(false);
      expect(mayTake('auditor', action)).toBe(false);
      expect(ACTION_ROLES[action].length).toBeGreaterThan(0);
    }
  });
});

describe('the Open311 status of an appeal', () => {
  it('is open exactly while the appeal awaits its answer, closed once answered or ended', () => {
    expect(appealStatusesOf('open')).toEqual([...OPEN_STATUSES]);
    expect(appealStatusesOf('closed')).toEqual(['answered', ...CLOSED_STATUSES]);
    expect(Object.keys(OPEN311_STATUS_OF).sort()).toEqual([...APPEAL_STATUSES].sort());
  });
});
