import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { jsonBody } from './body';
import { type ErrorMapper, notFoundHandler, problemErrorHandler } from './errors';
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
}

/**
 * An express app with the platform's edge defaults: no `x-powered-by`, request ids, strict JSON bodies.
 * Add routes, then call {@link finalize}.
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
  app.use(jsonBody({ limit: options.bodyLimit ?? '64kb' }));
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
