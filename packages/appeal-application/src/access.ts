import type { AppealState } from '@appeals/appeal-domain';
import { ACTION_ROLES, isStaffRole, mayTake, readsAll, type AppealAction } from '@appeals/contracts';
import { forbidden, notFound, only, type Caller, type PolicyTable, type Principal } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Who may run each action (before agency scope is checked): the vocabulary's table, which the web app offers too. */
export { ACTION_ROLES };

/** What an object check on an appeal says in a policy row (and in docs/security.md#identity-and-access). */
export const APPEAL_SCOPE =
  'appeal visible to the caller: own appeal (account or tracking code), agency subtree for staff, all for auditor/admin; otherwise 404';

/**
 * The policy rows of appeal actions (`POST /api/v1/appeals/:id/<action>`): the roles of {@link ACTION_ROLES}, plus
 * anonymous callers for the applicant's actions (they hold the tracking code), then the appeal check.
 */
export const actionRules = (actions: readonly AppealAction[]): PolicyTable =>
  Object.fromEntries(
    actions.map((action) => {
      const roles: Caller[] = [...ACTION_ROLES[action]];
      return [
        `POST /api/v1/appeals/:id/${action}`,
        only(roles.includes('applicant') ? ['anonymous', ...roles] : roles, APPEAL_SCOPE, 404),
      ];
    }),
  );

/**
 * Whether a reader sees an appeal's case work besides the appeal itself (drafts, possible duplicates, merged
 * duplicates): agency staff and the roles that read everything; never the applicant.
 */
export const readsCaseWork = (who: Principal | undefined): boolean =>
  who !== undefined && (isStaffRole(who.role) || readsAll(who.role));

/** Whether a caller may read an agency's inbox: its staff or staff above it (subtree), auditors, admins. */
export function canReadAgency(catalog: Catalog, who: Principal | undefined, agencyId: string): boolean {
  if (!who) return false;
  if (readsAll(who.role)) return true;
  return isStaffRole(who.role) && who.agencyId !== undefined && catalog.isWithin(agencyId, who.agencyId);
}

/** SHA-256 of a tracking code; only the hash is stored. */
export const hashTrackingCode = (code: string): string =>
  createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface AccessSubject {
  agencyId?: string | undefined;
  addressedAgencyId?: string | undefined;
  applicantAccountId?: string | undefined;
  trackingCodeHash?: string | undefined;
}

/** Whether a principal (or a holder of the tracking code) may see an appeal. */
export function canSee(
  catalog: Catalog,
  who: Principal | undefined,
  appeal: AccessSubject,
  trackingCode?: string,
): boolean {
  if (
    trackingCode &&
    appeal.trackingCodeHash &&
    sameHash(hashTrackingCode(trackingCode), appeal.trackingCodeHash)
  )
    return true;
  if (!who) return false;
  if (readsAll(who.role)) return true;
  if (who.role === 'applicant')
    return appeal.applicantAccountId !== undefined && appeal.applicantAccountId === who.sub;
  if (isStaffRole(who.role) && who.agencyId) {
    const target = appeal.agencyId ?? appeal.addressedAgencyId;
    // Unrouted appeals wait at the top of the tree (the triage desk) or at the body they were addressed to.
    if (!target) return catalog.agency(who.agencyId)?.parent === undefined;
    return catalog.isWithin(target, who.agencyId);
  }
  return false;
}

/**
 * Refuses an action the principal may not take on this appeal: 404 when they may not even see it
 * (no leak of existence), 403 when they see it but their role may not act.
 */
export function authorizeAction(
  catalog: Catalog,
  action: AppealAction,
  who: Principal | undefined,
  state: AppealState,
  trackingCode?: string,
): void {
  if (state.status === 'none') throw notFound('No such appeal.');
  const subject: AccessSubject = {
    agencyId: state.agencyId,
    applicantAccountId: state.applicantAccountId,
    trackingCodeHash: state.trackingCodeHash,
  };
  if (!canSee(catalog, who, subject, trackingCode)) throw notFound('No such appeal.');
  const role = who?.role ?? 'applicant'; // a tracking-code holder acts as the applicant
  if (!mayTake(role, action))
    throw forbidden(`Only ${ACTION_ROLES[action].join(', ')} may ${action.replace('-', ' ')} an appeal.`);
}
