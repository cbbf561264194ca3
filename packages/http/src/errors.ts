import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { consoleLogger, type HttpLogger, serializeError } from './logger';
import {
  HttpProblem,
  badRequest,
  internalError,
  isHttpProblem,
  notFound,
  payloadTooLarge,
  sendProblem,
  unsupportedMediaType,
  validationProblem,
} from './problem';
import { dependencyUnavailable } from './unavailable';
import { fieldErrorsFromZod, isZodError } from './validate';

/** Turns a domain error into a problem; return undefined to leave it unmapped (it then becomes a 500). */
export type ErrorMapper = (err: unknown) => HttpProblem | undefined;

export interface ProblemErrorHandlerOptions {
  mapError?: ErrorMapper;
  /** defaults to the app's logger (`app.locals.logger`), then to stderr */
  logger?: HttpLogger;
}

interface ParserError {
  type: string;
  status?: number;
  limit?: number;
}

const isParserError = (err: unknown): err is ParserError =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as { type?: unknown }).type === 'string' &&
  'status' in err;

/** body-parser failures, by their stable `type`; messages are ours, not the parser's (they echo client input). */
const parserProblem = (err: ParserError): HttpProblem | undefined => {
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpProblem({
        status: 400,
        type: 'malformed-json',
        title: 'Malformed JSON',
        detail: 'The request body is not a JSON object or array.',
        errors: [{ field: 'body', message: 'Not valid JSON', code: 'malformed_json' }],
      });
    case 'entity.too.large':
      return payloadTooLarge(
        typeof err.limit === 'number'
          ? `The request body exceeds the limit of ${err.limit} bytes.`
          : 'The request body is too large.',
        { type: 'body-too-large', ...(typeof err.limit === 'number' ? { extra: { limit: err.limit } } : {}) },
      );
    case 'encoding.unsupported':
      return unsupportedMediaType('This Content-Encoding is not supported.');
    case 'charset.unsupported':
      return unsupportedMediaType('The request body must be encoded as UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.verify.failed':
      return badRequest('The request body could not be read.');
    default:
      return undefined;
  }
};

/** http-errors style 4xx errors flagged safe to show (`expose: true`), e.g. an undecodable path parameter. */
const exposedClientError = (err: unknown): HttpProblem | undefined => {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, expose, message } = err as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (expose !== true || typeof code !== 'number' || code < 400 || code > 499) return undefined;
  return new HttpProblem({
    status: code,
    ...(typeof message === 'string' && message !== '' ? { detail: message } : {}),
  });
};

/**
 * The router's failure to decode a path parameter (`/appeals/%E0%A4%A`): a URIError with status 400 but without
 * `expose`, so it would otherwise be a 500. Its message echoes the parameter, so the detail is ours.
 */
const undecodablePath = (err: unknown): HttpProblem | undefined =>
  err instanceof URIError && (err as { status?: unknown }).status === 400
    ? new HttpProblem({
        status: 400,
        type: 'malformed-path',
        title: 'Malformed path',
        detail: 'A path segment is not percent-encoded UTF-8.',
        errors: [{ field: 'path', message: 'Not percent-encoded UTF-8', code: 'malformed_path' }],
      })
    : undefined;

/** Classifies any thrown value; a dependency that is down is a 503, anything else unknown a detail-free 500. */
export const toProblem = (err: unknown, mapError?: ErrorMapper): HttpProblem => {
  if (isHttpProblem(err)) return err;
  if (isParserError(err)) {
    const problem = parserProblem(err);
    if (problem) return problem;
  }
  if (isZodError(err)) return validationProblem(fieldErrorsFromZod(err.issues));
  const mapped = mapError?.(err);
  if (mapped) return mapped;
  return undecodablePath(err) ?? exposedClientError(err) ?? dependencyUnavailable(err) ?? internalError();
};

const loggerOf = (res: Response, given?: HttpLogger): HttpLogger =>
  given ?? (res.app?.locals as { logger?: HttpLogger } | undefined)?.logger ?? consoleLogger;

const requestFields = (req: Request, res: Response): Record<string, unknown> => ({
  requestId: (res.locals as { requestId?: unknown }).requestId,
  method: req.method,
  path: req.originalUrl.split('?')[0],
});

/**
 * Express error handler answering every error with problem+json; register it last.
 * Unknown errors are logged with their stack and answered with a bare 500.
 *
 * @example
 * app.use(problemErrorHandler({ mapError: mapErrorCodes({ 'APPEAL.ALREADY_CLOSED': 409 }), logger }));
 */
export const problemErrorHandler =
  (options: ProblemErrorHandlerOptions = {}): ErrorRequestHandler =>
  (err: unknown, req, res, _next) => {
    const logger = loggerOf(res, options.logger);
    let problem: HttpProblem;
    try {
      problem = toProblem(err, options.mapError);
    } catch (mapperFailure) {
      logger.error(
        { ...requestFields(req, res), err: serializeError(mapperFailure), cause: serializeError(err) },
        'error mapper threw',
      );
      problem = internalError();
    }
    if (problem.status >= 500)
      logger.error({ ...requestFields(req, res), err: serializeError(err) }, 'request failed');
    if (res.headersSent) {
      // Part of another answer is on the wire: the only honest signal left is a broken connection.
      logger.warn({ ...requestFields(req, res), err: serializeError(err) }, 'error after response started');
      req.socket?.destroy();
      return;
    }
    try {
      sendProblem(res, problem);
    } catch (sendFailure) {
      logger.error(
        { ...requestFields(req, res), err: serializeError(sendFailure) },
        'could not send problem',
      );
      req.socket?.destroy();
    }
  };

/** 404 problem for any request no route answered; register after all routes. */
export const notFoundHandler = (): RequestHandler => (req, res) => {
  sendProblem(res, notFound(`No resource at ${req.method} ${req.originalUrl.split('?')[0]}.`));
};

/** Domain errors carrying a stable string `code`. */
export interface CodedError {
  code: string;
  message: string;
}

export const isCodedError = (err: unknown): err is CodedError =>
  err instanceof Error && typeof (err as { code?: unknown }).code === 'string';

/**
 * Builds an {@link ErrorMapper} from a table of domain error codes; the error's message becomes the detail
 * and its code an extension member, the type is derived from the code (`APPEAL.ALREADY_CLOSED` → `appeal-already-closed`).
 *
 * @example
 * mapErrorCodes({ 'APPEAL.NOT_FOUND': 404, 'APPEAL.ALREADY_CLOSED': 409, 'EVENTSTORE.CONCURRENCY': 409 })
 */
export const mapErrorCodes =
  (table: Record<string, number | ((err: CodedError) => HttpProblem)>): ErrorMapper =>
  (err) => {
    if (!isCodedError(err) || !Object.hasOwn(table, err.code)) return undefined;
    const entry = table[err.code];
    if (typeof entry === 'function') return entry(err);
    if (typeof entry !== 'number') return undefined;
    return new HttpProblem({
      status: entry,
      type: err.code.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      detail: err.message,
      extra: { code: err.code },
    });
  };
