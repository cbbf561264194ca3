import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/** One invalid input field, named by its location (`body.category`, `query.status`, `headers.idempotency-key`). */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

/** What it takes to build an {@link HttpProblem}. */
export interface ProblemInit {
  status: number;
  /** a slug resolved against the app's problem type base (`validation`), or an absolute URI */
  type?: string;
  /** short, human-readable summary that does not change between occurrences; defaults to the status text */
  title?: string;
  /** explanation specific to this occurrence; shown to the client, so never put internals here */
  detail?: string;
  errors?: FieldError[];
  /** extension members merged into the problem document (they cannot replace the standard members) */
  extra?: Record<string, unknown>;
  /** response headers sent with the problem (`WWW-Authenticate`, `Retry-After`) */
  headers?: Record<string, string>;
}

/** The JSON body of an `application/problem+json` response (RFC 9457) plus our `errors` and `requestId` members. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

/** Problem types are `<base><slug>`; override per app with `createHttpApp({ problemTypeBase })`. */
export const DEFAULT_PROBLEM_TYPE_BASE = 'urn:appeals:problem:';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const statusText = (status: number): string => STATUS_CODES[status] ?? 'Error';

const slugOf = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** An error that already knows its HTTP answer; throw it from any handler or middleware. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(init: ProblemInit) {
    const title = init.title ?? statusText(init.status);
    super(init.detail ?? title);
    this.name = 'HttpProblem';
    this.status = init.status;
    this.title = title;
    this.type = init.type ?? slugOf(statusText(init.status));
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.extra !== undefined) this.extra = init.extra;
    if (init.headers !== undefined) this.headers = init.headers;
  }
}

/** Guard that also recognises problems created by another copy of this package. */
export const isHttpProblem = (value: unknown): value is HttpProblem =>
  value instanceof HttpProblem ||
  (value instanceof Error &&
    value.name === 'HttpProblem' &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { type?: unknown }).type === 'string');

/** Options shared by the helper constructors below. */
export type ProblemOptions = Omit<ProblemInit, 'status' | 'detail'>;

const helper =
  (status: number, defaults: ProblemOptions = {}) =>
  (detail?: string, options: ProblemOptions = {}): HttpProblem =>
    new HttpProblem({ status, ...defaults, ...options, ...(detail === undefined ? {} : { detail }) });

/** 400 for a request that is wrong in a way not tied to one field. */
export const badRequest = helper(400);
/** 401; carries `WWW-Authenticate: Bearer` unless other headers are given. */
export const unauthorized = helper(401, { headers: { 'WWW-Authenticate': 'Bearer' } });
/** 403 for an authenticated caller that may not do this. */
export const forbidden = helper(403);
/** 404 for an unknown resource or route. */
export const notFound = helper(404);
/** 409 for a request that conflicts with the current state (concurrent change, request in flight). */
export const conflict = helper(409);
/** 413 for a body over the configured limit. */
export const payloadTooLarge = helper(413);
/** 415 for a body that is not JSON (or not UTF-8). */
export const unsupportedMediaType = helper(415);
/** 422 for a well-formed request the server cannot process as asked. */
export const unprocessable = helper(422);
/** 429 for a client over its rate limit; give it a `Retry-After` header. */
export const tooManyRequests = helper(429);
/** 500; give it no detail unless the detail is safe for clients. */
export const internalError = helper(500);
/** 503 for a dependency that is down (identity provider, store). */
export const serviceUnavailable = helper(503);

/** 400 listing every invalid field. */
export const validationProblem = (errors: FieldError[], detail?: string): HttpProblem =>
  new HttpProblem({
    status: 400,
    type: 'validation',
    title: 'Invalid request',
    detail: detail ?? `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
    errors,
  });

/** Resolves a problem's type (slug or absolute URI) against a base such as `https://appeals.example/problems/`. */
export const resolveProblemType = (type: string, base: string = DEFAULT_PROBLEM_TYPE_BASE): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(type)) return type;
  const separator = base.endsWith('/') || base.endsWith(':') ? '' : base.startsWith('urn:') ? ':' : '/';
  return `${base}${separator}${type}`;
};

/** Builds the problem document; standard members always win over `extra`. */
export const problemDocument = (
  problem: HttpProblem,
  context: { typeBase?: string; instance?: string; requestId?: string } = {},
): ProblemDocument => ({
  ...problem.extra,
  type: resolveProblemType(problem.type, context.typeBase),
  title: problem.title,
  status: problem.status,
  ...(problem.detail === undefined ? {} : { detail: problem.detail }),
  ...(context.instance === undefined ? {} : { instance: context.instance }),
  ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
});

/** Writes `problem` as `application/problem+json`; `instance` is the request path (query left out: it may hold personal data). */
export const sendProblem = (res: Response, problem: HttpProblem): void => {
  const locals = res.locals as { requestId?: unknown } | undefined;
  const appLocals = res.app?.locals as { problemTypeBase?: unknown } | undefined;
  const requestId = typeof locals?.requestId === 'string' ? locals.requestId : undefined;
  const typeBase = typeof appLocals?.problemTypeBase === 'string' ? appLocals.problemTypeBase : undefined;
  const url = res.req?.originalUrl;
  const instance = typeof url === 'string' ? url.split('?')[0] : undefined;
  const body = problemDocument(problem, {
    ...(typeBase === undefined ? {} : { typeBase }),
    ...(instance === undefined ? {} : { instance }),
    ...(requestId === undefined ? {} : { requestId }),
  });
  if (problem.headers) res.set(problem.headers);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
};
