import { mapAppealError } from '@appeals/appeal-application';
import { notFound, toProblem, type HttpLogger, type HttpProblem } from '@appeals/http';
import { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { formatOfPath, sendOpen311 } from './format';

/** Where GeoReport v2 is served: the one base URL integrators configure. */
export const OPEN311_BASE = '/open311/v2';

/** One entry of a GeoReport v2 error answer: the HTTP status as the code, and what went wrong in words. */
export interface Open311Error {
  code: number;
  description: string;
}

/** Field names as Open311 clients sent them: `body.service_code` → `service_code`. */
const fieldOf = (field: string): string => field.replace(/^(body|query|params|headers)\./, '');

/**
 * A problem as GeoReport v2 clients read errors: one entry per invalid field (named as the client sent it), or one
 * entry with the problem's detail. The code is the HTTP status, as the specification's examples have it.
 *
 * @example
 * open311Errors(validationProblem([{ field: 'body.service_code', message: 'Required' }]));
 * // [{ code: 400, description: 'service_code: Required' }]
 */
export function open311Errors(problem: HttpProblem): Open311Error[] {
  if (problem.errors?.length)
    return problem.errors.map((e) => ({
      code: problem.status,
      description: `${fieldOf(e.field)}: ${e.message}`,
    }));
  return [{ code: problem.status, description: problem.detail ?? problem.title }];
}

/** Every error under the Open311 base, whoever threw it (body parser, policy, handler), in the Open311 format. */
const open311ErrorHandler =
  (logger?: HttpLogger): ErrorRequestHandler =>
  (err: unknown, req, res, _next) => {
    const problem = toProblem(err, mapAppealError);
    if (problem.status >= 500)
      (logger ?? (req.app.locals as { logger?: HttpLogger }).logger)?.error(
        { err, path: req.originalUrl.split('?')[0] },
        'open311 request failed',
      );
    if (res.headersSent) {
      req.socket?.destroy();
      return;
    }
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.set(name, value);
    sendOpen311(res, formatOfPath(req.path), 'errors', open311Errors(problem), problem.status);
  };

const noSuchResource: RequestHandler = (req, _res, next) => {
  next(notFound(`No Open311 resource at ${req.method} ${OPEN311_BASE}${req.path}.`));
};

/**
 * Mounts the GeoReport v2 edge at {@link OPEN311_BASE}: the services' Open311 routers, then a 404, then the error
 * answer every Open311 client expects (an array of `{ code, description }`, JSON or XML by the path's extension)
 * instead of problem+json. Call it before `finalize`: the error handler sits in the app itself, so errors of the
 * app's own middleware on these paths (a refused body, a bad token, the rate limit) are answered the Open311 way too.
 * Returns the routes mounted (`GET /open311/v2/services.json`), for the check that each has one policy row.
 */
export function mountOpen311(
  app: { use: (path: string, ...handlers: Array<Router | RequestHandler | ErrorRequestHandler>) => unknown },
  routers: readonly Router[],
  logger?: HttpLogger,
): string[] {
  const edge = Router();
  for (const router of routers) edge.use(router);
  edge.use(noSuchResource);
  app.use(OPEN311_BASE, edge, open311ErrorHandler(logger));
  return routers.flatMap(routesOf);
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** The routes of one Open311 router as policy rows name them (`GET /open311/v2/services.json`). */
const routesOf = (router: Router): string[] =>
  ((router as unknown as { stack: LayerLike[] }).stack ?? []).flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map(
          (method) => `${method.toUpperCase()} ${OPEN311_BASE}${String(layer.route!.path)}`,
        )
      : [],
  );
