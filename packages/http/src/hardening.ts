import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import { z } from 'zod';
import { tooManyRequests } from './problem';

/**
 * Content-Security-Policy for the API and a same-origin single-page app built by Vite: scripts, styles and fetches
 * only from this origin, images and fonts also as data: URLs (Vite inlines small assets), no plugins, no framing,
 * no inline code.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** Security headers (helmet): CSP above, HSTS, nosniff, no referrer, frame denial, cross-origin isolation. */
export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    referrerPolicy: { policy: 'no-referrer' },
  });

/**
 * CORS for an explicit allow-list of origins only; with an empty list no CORS header is ever sent, so browsers
 * keep other sites' scripts out (the default: the web app is served from the same origin).
 */
export const corsAllowList = (origins: readonly string[]): RequestHandler | undefined =>
  origins.length === 0
    ? undefined
    : cors({
        origin: [...origins],
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: [
          'Authorization',
          'Content-Type',
          'Idempotency-Key',
          'X-Request-Id',
          'X-Tracking-Code',
        ],
        exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'RateLimit', 'RateLimit-Policy'],
        maxAge: 600,
      });

export interface RateLimitOptions {
  /** requests a client may make per window; 0 turns the limit off */
  limit: number;
  /** window length in ms (default 60 000) */
  windowMs?: number;
  /**
   * where the counts are kept (express-rate-limit's `Store`): the process's memory by default; replicas share one
   * (PostgreSQL, `@appeals/service-host`'s createPostgresRateLimitStore) so a client's limit holds across them
   */
  store?: Store;
}

/** Generous by default: a person or a script gone wrong is stopped, the end-to-end tests and benchmarks are not. */
export const DEFAULT_RATE_LIMIT: Required<Omit<RateLimitOptions, 'store'>> = {
  limit: 20_000,
  windowMs: 60_000,
};

/** The client a request counts against: its verified token subject when signed in, else its address. */
export const rateLimitKey = (req: Request, res: Response): string => {
  const sub = (res.locals.principal as { sub?: string } | undefined)?.sub;
  return sub === undefined ? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}` : `sub:${sub}`;
};

/**
 * Fixed-window rate limit per client ({@link rateLimitKey}); over it, a 429 problem+json with `Retry-After`
 * (seconds) and the IETF `RateLimit`/`RateLimit-Policy` headers. Mount it after authentication, so a signed-in
 * caller counts as themself wherever they connect from. The counts live in the process unless a shared `store` is
 * given (replicas then count together).
 */
export const clientRateLimit = ({
  limit,
  windowMs = DEFAULT_RATE_LIMIT.windowMs,
  store,
}: RateLimitOptions): RequestHandler | undefined =>
  limit <= 0
    ? undefined
    : rateLimit({
        windowMs,
        limit,
        ...(store ? { store } : {}),
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        keyGenerator: rateLimitKey,
        // handed on as an error, so the error answer of the path (problem+json; Open311's array) is sent
        handler: (req, _res, next) => {
          const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const retryAfter = Math.max(
            1,
            Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000),
          );
          next(
            tooManyRequests(`Too many requests; try again in ${retryAfter} s.`, {
              type: 'rate-limited',
              headers: { 'Retry-After': String(retryAfter) },
              extra: { limit, windowSeconds: Math.round(windowMs / 1000) },
            }),
          );
        },
      });

/** What every process's env.ts reads for the HTTP edge (spread into its schema). */
export const HttpEdgeEnvShape = {
  /** comma-separated origins allowed to call the API from a browser (CORS); empty = none (default) */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (origin) => /^https?:\/\/[^/\s]+$/.test(origin) && URL.canParse(origin),
            'each origin must be scheme://host[:port], e.g. https://appeals.example',
          ),
      ),
    ),
  /** requests per client (token subject, else address) per RATE_LIMIT_WINDOW_SECONDS; 0 = no limit */
  RATE_LIMIT_PER_WINDOW: z.coerce.number().int().min(0).max(10_000_000).default(DEFAULT_RATE_LIMIT.limit),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(DEFAULT_RATE_LIMIT.windowMs / 1000),
  /** largest JSON request body, e.g. 64kb or 1mb */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size like 64kb or 1mb')
    .default('64kb'),
};

/** The HTTP-edge settings, as {@link HttpEdgeEnvShape} parses them. */
export interface HttpEdgeEnv {
  CORS_ORIGINS: string[];
  RATE_LIMIT_PER_WINDOW: number;
  RATE_LIMIT_WINDOW_SECONDS: number;
  BODY_LIMIT: string;
}

/** The createHttpApp options an {@link HttpEdgeEnv} asks for, counting the rate limit in `store` when given. */
export const edgeOptions = (env: HttpEdgeEnv, store?: Store) => ({
  bodyLimit: env.BODY_LIMIT,
  corsOrigins: env.CORS_ORIGINS,
  rateLimit: {
    limit: env.RATE_LIMIT_PER_WINDOW,
    windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
    ...(store ? { store } : {}),
  },
});
