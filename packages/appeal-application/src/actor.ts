import type { Actor } from '@appeals/contracts';

/** The caller as the HTTP edge knows it (a verified token's subject, role and agency). */
export interface CallerLike {
  sub: string;
  role: Actor['role'];
  agencyId?: string | undefined;
}

/** The platform's own processes that act on appeals: the routing rules, the deadline watch, the linked appeals. */
export type SystemProcess = 'routing-rules' | 'deadline-watch' | 'linked-appeals';

/**
 * Who acts, as events record it — the one way an actor is built: the signed-in caller; a process of the platform
 * (`{ system: 'routing-rules' }`); or, for a caller without an account, the stand-in (`anonymous` for a filing,
 * `open311:<client>` for one an Open311 client posted, `tracking-code-holder` for an applicant acting with the
 * case's tracking code).
 *
 * @example
 * const actor = actorOf(optionalPrincipal(res), 'anonymous');
 * const rules = actorOf({ system: 'routing-rules' });
 */
export function actorOf(
  who: CallerLike | { system: SystemProcess } | undefined,
  standIn: 'anonymous' | 'tracking-code-holder' | `open311:${string}` = 'anonymous',
): Actor {
  if (!who) return { id: standIn, role: 'applicant' };
  if ('system' in who) return { id: who.system, role: 'system' };
  return { id: who.sub, role: who.role, ...(who.agencyId ? { agencyId: who.agencyId } : {}) };
}
