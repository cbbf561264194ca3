import { z } from 'zod';

/** Every role the platform knows. */
export const ROLES = [
  'applicant',
  'registrar',
  'executor',
  'approver',
  'head',
  'auditor',
  'admin',
  'press',
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES).meta({ id: 'Role', description: 'Caller role' });

/** Roles that act for one agency and therefore always carry an agency id. */
export const STAFF_ROLES = ['registrar', 'executor', 'approver', 'head'] as const satisfies readonly Role[];
export const isStaffRole = (role: Role): boolean => (STAFF_ROLES as readonly Role[]).includes(role);

/** The authenticated caller (auth.ts verifies it, policy.ts decides on it). */
export interface Principal {
  sub: string;
  role: Role;
  agencyId?: string;
  name?: string;
}
