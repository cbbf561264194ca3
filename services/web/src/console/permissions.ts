import type { AppealStatus } from './types';

/** Who may run each action (mirrors the server's ACTION_ROLES; the server decides). */
const ROLES: Record<string, string[]> = {
  route: ['registrar'],
  'needs-triage': ['registrar'],
  forward: ['registrar', 'head', 'approver'],
  assign: ['registrar', 'head', 'approver'],
  extend: ['head', 'approver'],
  hearing: ['executor', 'approver', 'head'],
  'draft-answer': ['executor'],
  'approve-answer': ['approver', 'head'],
  'send-answer': ['approver', 'head', 'registrar'],
  terminate: ['approver', 'head'],
};
const UNROUTED: AppealStatus[] = ['registered', 'needs_triage'];
const ROUTED: AppealStatus[] = ['routed', 'in_progress'];
/** In which states each case-level action applies. */
const WHEN: Record<string, AppealStatus[]> = {
  route: UNROUTED,
  'needs-triage': ['registered'],
  forward: ROUTED,
  assign: ROUTED,
  extend: ROUTED,
  hearing: ROUTED,
  'draft-answer': ROUTED,
  terminate: [...UNROUTED, ...ROUTED],
};

/** The case-level actions a role may take on an appeal in its present state. */
export function availableActions(role: string, status: AppealStatus): string[] {
  return Object.keys(WHEN).filter((a) => ROLES[a]?.includes(role) && WHEN[a]?.includes(status));
}
/** Whether a role may approve / send drafts. */
export const mayDo = (role: string, action: 'approve-answer' | 'send-answer') =>
  ROLES[action]?.includes(role) ?? false;
