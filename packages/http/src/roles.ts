import { CALLER_ROLES, STAFF_ROLES, isStaffRole, type CallerRole } from '@appeals/contracts';
import { z } from 'zod';

/** Every role a caller can have (the vocabulary is in @appeals/contracts). */
export const ROLES = CALLER_ROLES;
export type Role = CallerRole;
export const roleSchema = z.enum(ROLES).meta({ id: 'Role', description: 'Caller role' });

/** The roles that act for one agency and therefore always carry an agency id, and their test. */
export { STAFF_ROLES, isStaffRole };

/** The authenticated caller (auth.ts verifies it, policy.ts decides on it). */
export interface Principal {
  sub: string;
  role: Role;
  agencyId?: string;
  name?: string;
}
