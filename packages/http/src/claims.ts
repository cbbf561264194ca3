import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { ROLES, isStaffRole, roleSchema, type Principal, type Role } from './roles';

// From a verified token's claims to the principal: our own layout, or an identity provider's mapped by claimMapper.

/** The token is missing a claim, expired, forged or for someone else: the caller's fault (401). */
export class InvalidTokenError extends Error {
  readonly code = 'AUTH.INVALID_TOKEN';
  constructor(
    message: string,
    /** the underlying reason (`ERR_JWT_EXPIRED`, `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, `claims`) for logs */
    readonly reason: string,
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export const isInvalidTokenError = (err: unknown): err is InvalidTokenError =>
  err instanceof Error && (err as { code?: unknown }).code === 'AUTH.INVALID_TOKEN';

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: roleSchema,
  agency_id: z.string().min(1).optional(),
  name: z.string().optional(),
});

/** Reads our claim layout (`sub`, `role`, `agency_id`, `name`) into a principal; staff tokens must name their agency. */
export const principalFromClaims = (payload: JWTPayload): Principal => {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new InvalidTokenError('The access token lacks required claims.', 'claims');
  const { sub, role, agency_id: agencyId, name } = parsed.data;
  if (isStaffRole(role) && agencyId === undefined)
    throw new InvalidTokenError('A staff token must carry agency_id.', 'claims');
  return {
    sub,
    role,
    ...(agencyId === undefined ? {} : { agencyId }),
    ...(name === undefined ? {} : { name }),
  };
};

/** Where a provider puts the principal's fields: dotted claim paths (`realm_access.roles` for Keycloak realm roles). */
export interface ClaimNames {
  /** a string, or an array of which exactly one entry is a platform role (default `role`) */
  role: string;
  /** the agency of staff roles: a string, or a one-entry array (default `agency_id`) */
  agency: string;
  /** display name (default `name`) */
  name: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { role: 'role', agency: 'agency_id', name: 'name' };

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined,
      payload,
    );

const singleString = (value: unknown): string | undefined => {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && value[0] !== '')
    return value[0];
  return undefined;
};

/**
 * Maps an identity provider's claims to a principal. The role claim may hold other roles too (Keycloak puts
 * `offline_access`, `uma_authorization`… next to ours): exactly one of them must be a platform role, else the token
 * is refused (no role, or two platform roles, is a 401, never a guess). Staff roles must carry an agency.
 *
 * @example
 * claimMapper({ role: 'realm_access.roles', agency: 'agency_id', name: 'preferred_username' })
 */
export const claimMapper =
  (names: Partial<ClaimNames> = {}) =>
  (payload: JWTPayload): Principal => {
    const claims = { ...DEFAULT_CLAIM_NAMES, ...names };
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub === '')
      throw new InvalidTokenError('The access token lacks required claims.', 'claims');
    const rawRole = claimAt(payload, claims.role);
    const candidates = Array.isArray(rawRole) ? rawRole : [rawRole];
    const roles = [
      ...new Set(candidates.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r))),
    ];
    if (roles.length !== 1)
      throw new InvalidTokenError(
        roles.length === 0
          ? 'The access token carries no platform role.'
          : 'The access token carries more than one platform role.',
        'claims',
      );
    const role = roles[0]!;
    const agencyId = singleString(claimAt(payload, claims.agency));
    const name = singleString(claimAt(payload, claims.name));
    if (isStaffRole(role) && agencyId === undefined)
      throw new InvalidTokenError(`A staff token must carry ${claims.agency}.`, 'claims');
    return {
      sub,
      role,
      ...(agencyId === undefined ? {} : { agencyId }),
      ...(name === undefined ? {} : { name }),
    };
  };
