import {
  ACTION_ROLES,
  OPEN_STATUSES,
  ROUTED_STATUSES,
  UNROUTED_STATUSES,
  mayTake,
  type AppealAction,
  type AppealStatus,
} from '@appeals/contracts/vocabulary';

// Who may take an action is the server's table (ACTION_ROLES in @appeals/contracts, which its access rules
// enforce); in which states an action applies is the console's reading of the decider. The server decides.

const UNROUTED: readonly AppealStatus[] = UNROUTED_STATUSES;
const ROUTED: readonly AppealStatus[] = ROUTED_STATUSES;
/** The case-level actions the console offers, and in which states each applies. */
const WHEN: Partial<Record<AppealAction, readonly AppealStatus[]>> = {
  route: UNROUTED,
  'needs-triage': ['registered'],
  forward: ROUTED,
  assign: ROUTED,
  extend: ROUTED,
  hearing: ROUTED,
  'draft-answer': ROUTED,
  terminate: OPEN_STATUSES,
};
/** The steps of a draft answer, offered on each draft. */
const DRAFT_STEPS = ['approve-answer', 'send-answer'] as const;

/** The roles the console serves: every role that may take one of its actions (agency staff, and admins who route). */
export const CONSOLE_ROLES: readonly string[] = [
  ...new Set([...(Object.keys(WHEN) as AppealAction[]), ...DRAFT_STEPS].flatMap((a) => ACTION_ROLES[a])),
];

/** The case-level actions a role may take on an appeal in its present state. */
export function availableActions(role: string, status: AppealStatus): AppealAction[] {
  return (Object.keys(WHEN) as AppealAction[]).filter((a) => mayTake(role, a) && WHEN[a]?.includes(status));
}
/** Whether a role may approve / send drafts. */
export const mayDo = (role: string, action: (typeof DRAFT_STEPS)[number]) => mayTake(role, action);
