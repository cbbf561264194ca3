import { mapAppealError } from '@appeals/appeal-application';
import { mountOpen311, OPEN311_BASE } from '@appeals/appeal-http';
import {
  assertEveryRouteGuarded,
  createHttpApp,
  createJwksVerifier,
  createTokenVerifier,
  finalize,
  openApiRoute,
  type ApiRegistry,
  type HttpAppOptions,
  type HttpLogger,
  type TokenVerifier,
} from '@appeals/http';
import { traceRequests } from '@appeals/observability';
import { Router, type Express } from 'express';
import type { AuthConfig } from './env';
import { healthRouter, type HealthOptions } from './health';

/** The token verifier AUTH_MODE asks for: the shared dev secret, or the identity provider's JWKS. */
export function verifierFor(auth: AuthConfig): TokenVerifier {
  return auth.mode === 'dev'
    ? createTokenVerifier({ secret: auth.secret })
    : createJwksVerifier({
        jwksUri: auth.jwksUri,
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: auth.algorithms,
        clockToleranceSeconds: auth.clockToleranceSeconds,
        claims: auth.claims,
      });
}

/**
 * Services are reached through the gateway (or an ingress) on a private network: trust their
 * X-Forwarded-For, so `req.ip` is the caller's address (idempotency scopes of anonymous callers use it).
 */
export const TRUSTED_PROXIES = 'loopback, linklocal, uniquelocal';

export interface ServiceAppOptions {
  name: string;
  /** the service's routes, mounted under /api/v1 */
  router: Router;
  /** the service's Open311 GeoReport v2 routes, mounted at /open311/v2 with their own error format */
  open311Router?: Router | undefined;
  /** this service's routes only: GET /openapi.json */
  registry: ApiRegistry;
  verifier: TokenVerifier;
  health: Omit<HealthOptions, 'name'>;
  logger: HttpLogger;
  /** body limit, CORS origins, rate limit (from the HTTP-edge variables; safe defaults when absent) */
  edge?: Pick<HttpAppOptions, 'bodyLimit' | 'corsOrigins' | 'rateLimit'>;
}

/** One service's HTTP edge (createHttpApp: headers, auth, rate limit, body limit), tracing, routes, health, problems. */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = createHttpApp({
    bodyLimit: '64kb',
    ...options.edge,
    logger: options.logger,
    trustProxy: TRUSTED_PROXIES,
    verifier: options.verifier,
    ...(options.open311Router ? { formPaths: [OPEN311_BASE] } : {}),
  });
  app.use(traceRequests());
  app.use(healthRouter({ name: options.name, ...options.health }));
  app.get('/openapi.json', openApiRoute(options.registry));
  assertEveryRouteGuarded(options.router); // no route without a policy decision, or the process does not start
  const api = Router();
  api.use(options.router);
  app.use('/api/v1', api);
  if (options.open311Router) {
    assertEveryRouteGuarded(options.open311Router);
    mountOpen311(app, [options.open311Router], options.logger);
  }
  return finalize(app, { mapError: mapAppealError, logger: options.logger });
}
