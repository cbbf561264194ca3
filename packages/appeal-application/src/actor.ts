import type { Actor } from '@appeals/contracts';

/** The caller as the HTTP edge knows it (a verified token's subject, role and agency). */
export interface CallerLike {
  sub: string;
  role: Actor['role'];
  agencyId?: string | undefined;
}

/**
 * Who acts, as events record it: the signed-in caller, or — for a caller without an account — the stand-in
 * (`anonymous` for a filing, `tracking-code-holder` for an applicant acting with the case's tracking code).
 *
 * @example
 * const actor = actorOf(optionalPrincipal(res), 'anonymous');
 */
export function actorOf(
  caller: CallerLike | undefined,
  standIn: 'anonymous' | 'tracking-code-holder' = 'anonymous',
): Actor {
  if (!caller) return { id: standIn, role: 'applicant' };
  return { id: caller.sub, role: caller.role, ...(caller.agencyId ? { agencyId: caller.agencyId } : {}) };
}
