import type { RequestHandler, Response } from 'express';
import { isInvalidTokenError } from './claims';
import { forbidden, unauthorized } from './problem';
import type { Principal, Role } from './roles';
import type { TokenVerifier } from './verifiers';

// Authentication at the edge: the bearer token of a request verified into `res.locals.principal`. The tokens
// themselves: claims.ts (claims to principal), verifiers.ts (HS256, JWKS), devTokens.ts (the dev issuer).

export * from './claims';
export * from './devTokens';
export * from './verifiers';

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
