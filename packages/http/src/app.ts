import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { authenticate, type TokenVerifier } from './auth';
import { jsonBody, jsonOrFormBody } from './body';
import { type ErrorMapper, notFoundHandler, problemErrorHandler } from './errors';
import {
  DEFAULT_RATE_LIMIT,
  clientRateLimit,
  corsAllowList,
  securityHeaders,
  type RateLimitOptions,
} from './hardening';
import { consoleLogger, type HttpLogger } from './logger';

export interface RequestIdOptions {
  /** header read and echoed (default `X-Request-Id`) */
  header?: string;
  /** new ids (default `randomUUID`) */
  generate?: () => string;
}

/** A client-supplied id is kept only if it is short and harmless in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Puts a request id on `res.locals.requestId` (incoming if sane, else new) and echoes it in the response header. */
export const requestId =
  ({ header = 'X-Request-Id', generate = randomUUID }: RequestIdOptions = {}): RequestHandler =>
  (req, res, next) => {
    const incoming = req.get(header);
    const id = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : generate();
    res.locals.requestId = id;
    res.set(header, id);
    next();
  };

export interface HttpAppOptions {
  /** JSON body limit (default `'64kb'`) */
  bodyLimit?: string | number;
  logger?: HttpLogger;
  requestId?: RequestIdOptions;
  /** base for problem type URIs, e.g. `https://appeals.example/problems/` (default `urn:appeals:problem:`) */
  problemTypeBase?: string;
  /** express `trust proxy` setting, for services behind the gateway or an ingress */
  trustProxy?: boolean | number | string;
  /** parse JSON bodies (default true); a proxy that streams bodies through turns it off */
  parseJson?: boolean;
  /** paths (and below) where form bodies are parsed as well as JSON: the Open311 edge (`/open311/v2`) */
  formPaths?: readonly string[];
  /** verifies bearer tokens on every request (anonymous callers pass; a bad token is a 401) */
  verifier?: TokenVerifier;
  /** per-client request limit (default {@link DEFAULT_RATE_LIMIT}); `false` or `limit: 0` turns it off */
  rateLimit?: RateLimitOptions | false;
  /** browser origins allowed to call (CORS); none by default */
  corsOrigins?: readonly string[];
}

/**
 * An express app with the platform's edge defaults, in this order: no `x-powered-by`, request ids, security
 * headers (CSP for a same-origin SPA, HSTS, nosniff…), CORS only for listed origins, bearer authentication when a
 * verifier is given, a rate limit per client (token subject, else address), strict JSON bodies with a size limit.
 * Embedded mode, every service and the cluster gateway build their app with it. Add routes, then call {@link finalize}.
 *
 * @example
 * const app = createHttpApp({ logger });
 * app.use(appealsRouter);
 * finalize(app, { mapError });
 */
export const createHttpApp = (options: HttpAppOptions = {}): Express => {
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.locals.logger = options.logger ?? consoleLogger;
  if (options.problemTypeBase !== undefined) app.locals.problemTypeBase = options.problemTypeBase;
  app.use(requestId(options.requestId));
  app.use(securityHeaders());
  const corsHandler = corsAllowList(options.corsOrigins ?? []);
  if (corsHandler) app.use(corsHandler);
  const limiter =
    options.rateLimit === false ? undefined : clientRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  if (options.verifier) {
    const auth = authenticate(options.verifier, { optional: true });
    // a refused token is answered after the limiter, so a flood of bad tokens is counted (per address) too
    app.use(async (req, res, next) => {
      try {
        await auth(req, res, () => undefined);
      } catch (err) {
        res.locals.authError = err;
      }
      next();
    });
  }
  if (limiter) app.use(limiter);
  if (options.verifier)
    app.use((_req, res, next) => {
      next(res.locals.authError);
    });
  if (options.parseJson !== false) {
    const limit = options.bodyLimit ?? '64kb';
    const formPaths = options.formPaths ?? [];
    app.use(formPaths.length > 0 ? jsonOrFormBody({ limit, formPaths }) : jsonBody({ limit }));
  }
  return app;
};

export interface FinalizeOptions {
  mapError?: ErrorMapper;
  /** defaults to the logger given to createHttpApp */
  logger?: HttpLogger;
}

/** Closes the pipeline: unknown routes answer 404 and every error becomes problem+json. Call after the last route. */
export const finalize = (app: Express, options: FinalizeOptions = {}): Express => {
  app.use(notFoundHandler());
  app.use(
    problemErrorHandler({
      ...(options.mapError ? { mapError: options.mapError } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    }),
  );
  return app;
};
