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
