import { randomBytes, randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { jsonBody } from './body';
import { createInMemoryIdempotencyStore, type IdempotencyStore } from './idempotency';
import type { ApiRegistry } from './openapi';
import { anyone, guardedRouter, policyKey } from './policy';
import { isStaffRole, roleSchema, type Principal } from './roles';
import { validate } from './validate';

// Development tokens (embedded mode only): an HS256 issuer, and the routes that mint a token and list demo users.

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
  /** first answers by `Idempotency-Key` (a process-local store by default: dev tokens are for one process) */
  idempotency?: IdempotencyStore;
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
    idempotency = createInMemoryIdempotencyStore(),
  }: DevTokenRouterOptions = {},
): Router => {
  // a policy row like every other route: anyone may ask (the routes exist only in dev mode)
  const routes = guardedRouter(
    {
      [policyKey('post', `${mountedAt}${path}`)]: anyone(),
      ...(users ? { [policyKey('get', `${mountedAt}${usersPath}`)]: anyone() } : {}),
    },
    { mountedAt, idempotency },
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
