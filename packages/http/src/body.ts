import express from 'express';
import type { Request, RequestHandler } from 'express';
import { unsupportedMediaType } from './problem';

/** Media types the JSON parser reads (`application/json` and any `+json` type). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** True when the request carries content (chunked, or a positive Content-Length). */
export const hasRequestBody = (req: Request): boolean => {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
};

/** True when the request's Content-Type is one of {@link JSON_MEDIA_TYPES}. */
export const isJsonRequest = (req: Request): boolean => Boolean(req.is(JSON_MEDIA_TYPES));

/** Throws 415 when the request has a body that is not JSON. */
export const assertJsonContent = (req: Request): void => {
  if (hasRequestBody(req) && !isJsonRequest(req)) {
    const given = req.headers['content-type'];
    throw unsupportedMediaType(
      given === undefined
        ? 'The request body has no Content-Type; send application/json.'
        : 'The request body must be application/json.',
      { extra: { accept: 'application/json' } },
    );
  }
};

export interface JsonBodyOptions {
  /** bytes or a size string (`'64kb'`); larger bodies get 413 */
  limit?: string | number;
  /** answer 415 to bodies that are not JSON instead of ignoring them (default true) */
  requireJson?: boolean;
}

/** Strict JSON body parser: top level must be an object or array; malformed → 400, oversize → 413 (via the problem handler). */
export const jsonBody = ({ limit = '64kb', requireJson = true }: JsonBodyOptions = {}): RequestHandler => {
  const parse = express.json({ limit, strict: true, type: JSON_MEDIA_TYPES });
  return (req, res, next) => {
    if (requireJson) {
      try {
        assertJsonContent(req);
      } catch (problem) {
        next(problem);
        return;
      }
    }
    parse(req, res, next);
  };
};

/** The media type of HTML-form bodies, which some standards ask for (Open311 GeoReport v2 `POST requests`). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** Whether a request path is one of `prefixes` or below one. */
const isUnder = (path: string, prefixes: readonly string[]): boolean =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * {@link jsonBody}, except that under `formPaths` a form body (`application/x-www-form-urlencoded`, flat fields
 * only) is parsed instead of refused: for the standards whose clients post forms. Everywhere else nothing changes.
 */
export const jsonOrFormBody = ({
  formPaths,
  ...options
}: JsonBodyOptions & { formPaths: readonly string[] }): RequestHandler => {
  const json = jsonBody(options);
  const form = express.urlencoded({ extended: false, limit: options.limit ?? '64kb', parameterLimit: 100 });
  return (req, res, next) => {
    if (isUnder(req.path, formPaths) && req.is(FORM_MEDIA_TYPE)) form(req, res, next);
    else json(req, res, next);
  };
};
