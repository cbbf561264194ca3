import { mapAppealError } from '@appeals/appeal-application';
import {
  authenticate,
  createHttpApp,
  createJwksVerifier,
  createTokenVerifier,
  finalize,
  openApiRoute,
  type ApiRegistry,
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
    : createJwksVerifier({ jwksUri: auth.jwksUri, issuer: auth.issuer, audience: auth.audience });
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
  /** this service's routes only: GET /openapi.json */
  registry: ApiRegistry;
  verifier: TokenVerifier;
  health: Omit<HealthOptions, 'name'>;
  logger: HttpLogger;
}

/** One service's HTTP edge: request ids, tracing, optional bearer auth, its routes, health, problem+json errors. */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = createHttpApp({ bodyLimit: '64kb', logger: options.logger, trustProxy: TRUSTED_PROXIES });
  app.use(traceRequests());
  app.use(healthRouter({ name: options.name, ...options.health }));
  app.get('/openapi.json', openApiRoute(options.registry));
  const api = Router();
  api.use(authenticate(options.verifier, { optional: true }));
  api.use(options.router);
  app.use('/api/v1', api);
  return finalize(app, { mapError: mapAppealError, logger: options.logger });
}
