import type { AppealState } from '@appeals/appeal-domain';
import type { AppealAction } from '@appeals/contracts';
import { forbidden, notFound, type Principal } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Who may run each action (before agency scope is checked). */
export const ACTION_ROLES: Record<AppealAction, Principal['role'][]> = {
  route: ['registrar', 'admin'],
  'needs-triage': ['registrar', 'admin'],
  forward: ['registrar', 'head', 'approver'],
  assign: ['registrar', 'head', 'approver'],
  extend: ['head', 'approver'],
  hearing: ['executor', 'approver', 'head'],
  'draft-answer': ['executor'],
  'approve-answer': ['approver', 'head'],
  'send-answer': ['approver', 'head', 'registrar'],
  terminate: ['approver', 'head'],
  withdraw: ['applicant'],
  rate: ['applicant'],
  reopen: ['applicant'],
  complain: ['applicant'],
};

const STAFF = new Set(['registrar', 'executor', 'approver', 'head', 'press']);

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
  if (who.role === 'auditor' || who.role === 'admin') return true;
  if (who.role === 'applicant')
    return appeal.applicantAccountId !== undefined && appeal.applicantAccountId === who.sub;
  if (STAFF.has(who.role) && who.agencyId) {
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
  if (!ACTION_ROLES[action].includes(role))
    throw forbidden(`Only ${ACTION_ROLES[action].join(', ')} may ${action.replace('-', ' ')} an appeal.`);
}
