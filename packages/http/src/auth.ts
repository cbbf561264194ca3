import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler, Response, Router } from 'express';
import {
  SignJWT,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { jsonBody } from './body';
import type { ApiRegistry } from './openapi';
import { anyone, guardedRouter, policyKey } from './policy';
import { forbidden, unauthorized } from './problem';
import { ROLES, isStaffRole, roleSchema, type Principal, type Role } from './roles';
import { validate } from './validate';

/** Checks a bearer token and says who sent it. */
export interface TokenVerifier {
  /** resolves the principal; rejects with {@link InvalidTokenError} for a bad token, anything else for an outage */
  verify(token: string): Promise<Principal>;
}

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

/** Outages of the key source stay server errors; every other JOSE failure is the token's fault. */
const isKeySourceOutage = (err: unknown): boolean =>
  err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid;

const toTokenError = (err: unknown): unknown => {
  if (isInvalidTokenError(err) || isKeySourceOutage(err)) return err;
  if (err instanceof joseErrors.JWTExpired)
    return new InvalidTokenError('The access token has expired.', err.code);
  if (err instanceof joseErrors.JOSEError)
    return new InvalidTokenError('The access token is invalid.', err.code);
  return err;
};

interface VerifyOptions {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  toPrincipal: (payload: JWTPayload) => Principal;
}

const verifierFor = (key: Uint8Array | JWTVerifyGetKey, options: VerifyOptions): TokenVerifier => ({
  async verify(token) {
    try {
      const verifyOptions = {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      };
      const { payload } =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions);
      return options.toPrincipal(payload);
    } catch (err) {
      throw toTokenError(err);
    }
  },
});

export interface TokenVerifierOptions {
  /** the HS256 secret shared with the issuer (a dev issuer exposes its own) */
  secret: Uint8Array;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds?: number;
}

/** Verifier for HS256 tokens from {@link createDevTokenIssuer}; `createTokenVerifier(devIssuer)` works as is. */
export const createTokenVerifier = ({
  secret,
  issuer = 'appeals-dev',
  audience = 'appeals',
  clockToleranceSeconds = 5,
}: TokenVerifierOptions): TokenVerifier =>
  verifierFor(secret, {
    issuer,
    audience,
    algorithms: ['HS256'],
    clockToleranceSeconds,
    toPrincipal: principalFromClaims,
  });

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

/** Signature algorithms a JWKS verifier may accept: asymmetric only (never `none`, never a shared-secret HS*). */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export interface JwksVerifierOptions {
  /** the identity provider's key set, e.g. `https://idp.example/realms/appeals/protocol/openid-connect/certs` */
  jwksUri: string | URL;
  issuer: string;
  audience: string;
  algorithms?: string[];
  clockToleranceSeconds?: number;
  /** after a fetch, an unknown `kid` refetches the key set only this much later (default 30 000; a rotation waits) */
  keySetCooldownMs?: number;
  /** where the provider puts role, agency and name (see {@link claimMapper}); ignored when toPrincipal is given */
  claims?: Partial<ClaimNames>;
  /** maps the provider's claims to a principal when {@link claimMapper} does not fit */
  toPrincipal?: (payload: JWTPayload) => Principal;
}

/**
 * Production verifier: asymmetric tokens checked against a remote JWKS (keys fetched over HTTP, cached and
 * refreshed by jose on an unknown `kid`), with issuer, audience, expiry (± clock tolerance) and an algorithm
 * allow-list. Throws at construction for `none` or a symmetric algorithm, so HS256 dev tokens can never pass.
 */
export const createJwksVerifier = ({
  jwksUri,
  issuer,
  audience,
  algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'],
  clockToleranceSeconds = 5,
  keySetCooldownMs = 30_000,
  claims,
  toPrincipal = claimMapper(claims),
}: JwksVerifierOptions): TokenVerifier => {
  const refused = algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
  if (refused.length > 0 || algorithms.length === 0)
    throw new Error(
      `A JWKS verifier accepts only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); refused: ${refused.join(', ') || '(none given)'}.`,
    );
  return verifierFor(createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: keySetCooldownMs }), {
    issuer,
    audience,
    algorithms,
    clockToleranceSeconds,
    toPrincipal,
  });
};

/** A token as handed to a client. */
export interface IssuedToken {
  token: string;
  tokenType: 'Bearer';
  /** seconds until expiry */
  expiresIn: number;
  principal: Principal;
}

/** Development-only token issuer (embedded mode); production tokens come from the identity provider. */
export interface DevTokenIssuer {
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** signs a token for `principal`; `now` lets tests mint already-expired tokens */
  issue(principal: Principal, options?: { ttlSeconds?: number; now?: Date }): Promise<IssuedToken>;
}

export interface DevTokenIssuerOptions {
  /** HS256 key; 32 random bytes by default, so tokens die with the process */
  secret?: Uint8Array;
  issuer?: string;
  audience?: string;
  ttlSeconds?: number;
}

/** Creates an HS256 issuer with claims `sub`, `role`, `agency_id`, `name`. */
export const createDevTokenIssuer = ({
  secret = new Uint8Array(randomBytes(32)),
  issuer = 'appeals-dev',
  audience = 'appeals',
  ttlSeconds = 8 * 60 * 60,
}: DevTokenIssuerOptions = {}): DevTokenIssuer => ({
  secret,
  issuer,
  audience,
  ttlSeconds,
  async issue(principal, options = {}) {
    const ttl = options.ttlSeconds ?? ttlSeconds;
    const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const token = await new SignJWT({
      role: principal.role,
      ...(principal.agencyId === undefined ? {} : { agency_id: principal.agencyId }),
      ...(principal.name === undefined ? {} : { name: principal.name }),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttl)
      .setJti(randomUUID())
      .sign(secret);
    return { token, tokenType: 'Bearer', expiresIn: ttl, principal };
  },
});

export interface AuthenticateOptions {
  /** let requests without an Authorization header through (a present but bad token is still a 401) */
  optional?: boolean;
  /** realm named in `WWW-Authenticate` */
  realm?: string;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Reads `Authorization: Bearer <token>`, verifies it and puts the caller on `res.locals.principal`; failures are 401 problems. */
export const authenticate =
  (
    verifier: TokenVerifier,
    { optional = false, realm = 'appeals' }: AuthenticateOptions = {},
  ): RequestHandler =>
  async (req, res, next) => {
    const challenge = (error?: string, description?: string) => ({
      'WWW-Authenticate': [
        `Bearer realm="${realm}"`,
        ...(error ? [`error="${error}"`] : []),
        ...(description ? [`error_description="${description}"`] : []),
      ].join(', '),
    });
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      if (optional) {
        next();
        return;
      }
      throw unauthorized('This request requires a bearer token.', { headers: challenge() });
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      throw unauthorized('The Authorization header must be "Bearer <token>".', {
        headers: challenge('invalid_request', 'Bearer token expected'),
      });
    }
    try {
      res.locals.principal = await verifier.verify(match[1]);
    } catch (err) {
      if (isInvalidTokenError(err))
        throw unauthorized(err.message, { headers: challenge('invalid_token', err.message) });
      throw err;
    }
    next();
  };

/** The caller, when authenticated. */
export const optionalPrincipal = (res: Response): Principal | undefined =>
  res.locals.principal as Principal | undefined;

/** The caller; a 401 problem when the route forgot (or skipped, being optional) authentication. */
export const principal = (res: Response): Principal => {
  const found = optionalPrincipal(res);
  if (!found) throw unauthorized('This request requires a bearer token.');
  return found;
};

/** Lets only callers with one of `roles` through; others get a 403 problem naming the roles required. */
export const requireRole =
  (...roles: Role[]): RequestHandler =>
  (_req, res, next) => {
    const caller = principal(res);
    if (!roles.includes(caller.role)) {
      throw forbidden(`This action requires one of the roles: ${roles.join(', ')}.`, {
        type: 'role-required',
        extra: { requiredRoles: roles, role: caller.role },
      });
    }
    next();
  };

/** Body of `POST /auth/dev-token`. */
export const devTokenRequestSchema = z
  .strictObject({
    role: roleSchema,
    agencyId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: 'Required for registrar, executor, approver and head' }),
    sub: z.string().min(1).max(128).optional().meta({ description: 'Subject; a random UUID when absent' }),
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((value, ctx) => {
    if (isStaffRole(value.role) && value.agencyId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['agencyId'],
        message: `agencyId is required for role ${value.role}`,
      });
    }
  })
  .meta({ id: 'DevTokenRequest' });

const principalSchema = z
  .object({ sub: z.string(), role: roleSchema, agencyId: z.string().optional(), name: z.string().optional() })
  .meta({ id: 'Principal' });

/** Answer of `POST /auth/dev-token`. */
export const devTokenResponseSchema = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int(),
    principal: principalSchema,
  })
  .meta({ id: 'DevToken' });

/** One entry of `GET /auth/dev-users`: someone the "sign in as" screen offers. */
export const devUserSchema = z
  .object({
    sub: z.string(),
    role: roleSchema,
    agencyId: z.string().optional(),
    name: z.string(),
  })
  .meta({ id: 'DevUser' });
export type DevUser = z.infer<typeof devUserSchema>;

/** Answer of `GET /auth/dev-users`. */
export const devUsersResponseSchema = z.object({ users: z.array(devUserSchema) }).meta({ id: 'DevUsers' });

export interface DevTokenRouterOptions {
  path?: string;
  /** demo users listed at `usersPath` (`GET /auth/dev-users`) for a "sign in as" screen; no list route when absent */
  users?: readonly DevUser[];
  usersPath?: string;
  /** documents the route when given */
  registry?: ApiRegistry;
  /** where the router is mounted (`/api/v1`), so the documented path is the public one */
  mountedAt?: string;
}

/**
 * `POST /auth/dev-token` minting tokens for any role, and `GET /auth/dev-users` listing the demo users when given;
 * mount only in embedded/dev mode.
 */
export const devTokenRouter = (
  issuer: DevTokenIssuer,
  {
    path = '/auth/dev-token',
    users,
    usersPath = '/auth/dev-users',
    registry,
    mountedAt = '',
  }: DevTokenRouterOptions = {},
): Router => {
  // a policy row like every other route: anyone may ask (the routes exist only in dev mode)
  const routes = guardedRouter(
    {
      [policyKey('post', `${mountedAt}${path}`)]: anyone(),
      ...(users ? { [policyKey('get', `${mountedAt}${usersPath}`)]: anyone() } : {}),
    },
    { mountedAt },
  );
  if (users) {
    const listed = devUsersResponseSchema.parse({ users });
    routes.get(usersPath, (_req, res) => {
      res.json(listed);
    });
    registry?.register({
      method: 'get',
      path: `${mountedAt}${usersPath}`,
      summary: 'Demo users to sign in as (embedded/dev mode only; mint their token at /auth/dev-token)',
      tags: ['auth'],
      responses: { 200: { description: 'The demo users', schema: devUsersResponseSchema } },
    });
  }
  const input = validate({ body: devTokenRequestSchema });
  routes.post(path, jsonBody(), input, async (_req, res) => {
    const { role, agencyId, sub, name } = input.input(res).body;
    const issued = await issuer.issue({
      sub: sub ?? randomUUID(),
      role,
      ...(agencyId === undefined ? {} : { agencyId }),
      ...(name === undefined ? {} : { name }),
    });
    res.status(200).json(issued);
  });
  registry?.register({
    method: 'post',
    path: `${mountedAt}${path}`,
    summary: 'Issue a development token (embedded/dev mode only)',
    tags: ['auth'],
    request: { body: devTokenRequestSchema },
    responses: { 200: { description: 'A signed bearer token', schema: devTokenResponseSchema } },
  });
  return routes.router;
};
