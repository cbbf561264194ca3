import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { consoleLogger, type HttpLogger, serializeError } from './logger';
import { conflict, unprocessable, validationProblem } from './problem';

/** A first answer kept for replay. */
export interface StoredResponse {
  status: number;
  body: unknown;
  /** fingerprint of the request that produced it (method, URL, body) */
  requestHash: string;
  /** headers worth replaying (`Location`, `ETag`) */
  headers?: Record<string, string>;
}

/**
 * Keeps first answers by idempotency key.
 *
 * @example
 * await store.put('applicant:42\u0000key-1', { status: 201, body: { id }, requestHash });
 * const replay = await store.get('applicant:42\u0000key-1');
 */
export interface IdempotencyStore {
  get(key: string): Promise<StoredResponse | undefined>;
  put(key: string, response: StoredResponse): Promise<void>;
  /**
   * Keeps `plan` as what the first attempt with this key set out to do (the ids and codes it chose), unless an
   * earlier attempt's plan is kept already; answers the plan kept. Atomic: of attempts racing, all get one plan.
   * A retry whose first attempt died before its answer was kept carries on with the same plan, so what the
   * plan creates is created once (the appeal's id names its stream: a second append is refused).
   */
  claim(key: string, plan: Plan): Promise<Plan>;
}

/** What a first attempt chose (JSON). */
export type Plan = Record<string, unknown>;

export interface InMemoryIdempotencyStoreOptions {
  /** how long an answer is kept (default 24 h) */
  ttlMs?: number;
  /** oldest entries are dropped beyond this (default 10 000) */
  maxEntries?: number;
  now?: () => number;
}

/** Process-local store for embedded mode and tests. */
export const createInMemoryIdempotencyStore = ({
  ttlMs = 24 * 60 * 60 * 1000,
  maxEntries = 10_000,
  now = Date.now,
}: InMemoryIdempotencyStoreOptions = {}): IdempotencyStore => {
  const entries = new Map<string, { response: StoredResponse; expiresAt: number }>();
  const plans = new Map<string, { plan: Plan; expiresAt: number }>();
  const trim = (map: Map<string, unknown>) => {
    while (map.size > maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  };
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(entry.response);
    },
    async put(key, response) {
      entries.delete(key);
      entries.set(key, { response: structuredClone(response), expiresAt: now() + ttlMs });
      trim(entries);
    },
    async claim(key, plan) {
      const kept = plans.get(key);
      if (kept && kept.expiresAt > now()) return structuredClone(kept.plan);
      plans.delete(key);
      plans.set(key, { plan: structuredClone(plan), expiresAt: now() + ttlMs });
      trim(plans);
      return structuredClone(plan);
    },
  };
};

/** Visible ASCII, 1 to 128 characters. */
const KEY_PATTERN = /^[\x21-\x7E]{1,128}$/;
const REPLAYED_HEADERS = ['location', 'etag', 'content-location'];

/**
 * JSON with object keys sorted, written with a stack of its own rather than by recursion: a body nested 30 000 deep
 * (64 kB of `[`) must fingerprint, not overflow the call stack (found by the request fuzzer, test/fuzz).
 */
const stableJson = (root: unknown): string => {
  const out: string[] = [];
  // what is left to write, last first: text as it is, or a value to serialise
  const todo: Array<string | { value: unknown }> = [{ value: root }];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const { value } = next;
    const parts: Array<string | { value: unknown }> = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => parts.push(...(i > 0 ? [','] : []), { value: v }));
      parts.unshift('[');
      parts.push(']');
    } else if (value !== null && typeof value === 'object') {
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .forEach(([k, v], i) => parts.push(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`, { value: v }));
      parts.unshift('{');
      parts.push('}');
    } else parts.push(JSON.stringify(value) ?? 'null');
    for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i]!);
  }
  return out.join('');
};

/** Fingerprint of method, URL and body (key order ignored), so a reused key with another request is detected. */
export const requestHash = (req: Request): string =>
  createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n${stableJson(req.body ?? null)}`)
    .digest('base64url');

/** The field every idempotency problem names: the header. */
const KEY_FIELD = 'headers.idempotency-key';

/** Answers a repeated request with the first answer; a 422 naming the header when the key came with another request. */
/** The 422 for a key that comes back with another request (method, URL or body). */
function assertSameRequest(firstHash: unknown, hash: string): void {
  if (firstHash !== hash) {
    const message = 'This Idempotency-Key was already used for a different request.';
    throw unprocessable(message, {
      type: 'idempotency-key-reused',
      errors: [{ field: KEY_FIELD, message, code: 'idempotency_key_reused' }],
    });
  }
}

function replay(res: Response, stored: StoredResponse, hash: string): void {
  assertSameRequest(stored.requestHash, hash);
  if (stored.headers) res.set(stored.headers);
  res.set('Idempotent-Replayed', 'true');
  res.status(stored.status).json(stored.body);
}

/** The answer being sent, as the store keeps it: status, a copy of the JSON body, the replayed headers. */
function snapshotOf(res: Response, body: unknown, hash: string): StoredResponse {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = res.getHeader(name);
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  return {
    status: res.statusCode,
    body: body === undefined ? null : JSON.parse(JSON.stringify(body)),
    requestHash: hash,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

const PLAN_LOCAL = 'idempotencyClaim';

/**
 * The plan of this request's first attempt: `plan` itself without an `Idempotency-Key` or on the first attempt,
 * else what the first attempt with the key chose ({@link IdempotencyStore.claim}). A handler that creates
 * something picks its ids and codes, then goes on with the plan this answers, so retries create it once. The key
 * with another request than its first attempt's is refused (422 `idempotency-key-reused`), as for a kept answer.
 *
 * @example
 * const { appealId } = await firstAttemptPlan(res, { appealId: randomUUID() });
 */
export async function firstAttemptPlan<T extends Plan>(res: Response, plan: T): Promise<T> {
  const claim = res.locals[PLAN_LOCAL] as ((p: Plan) => Promise<Plan>) | undefined;
  return claim ? ((await claim(plan)) as T) : plan;
}

/** Methods that change state: every route with one honours `Idempotency-Key` ({@link guardedRouter}). */
export const STATE_CHANGING_METHODS = ['post', 'put', 'patch', 'delete'] as const;
export const isStateChanging = (method: string): boolean =>
  (STATE_CHANGING_METHODS as readonly string[]).includes(method.toLowerCase());

/**
 * Whose keys these are: the caller (the token's subject, or the client address of a caller without one) and the
 * route as called (method and path), so the same key from another caller, or on another appeal, never meets it.
 */
export const callerAndRoute = (req: Request, res: Response): string => {
  const sub = (res.locals.principal as { sub?: unknown } | undefined)?.sub;
  const caller = typeof sub === 'string' ? `sub:${sub}` : `anonymous@${req.ip ?? 'unknown'}`;
  return `${caller} ${req.method} ${req.originalUrl.split('?')[0]}`;
};

export interface IdempotencyOptions {
  /** whose keys these are, e.g. the caller's `sub` plus the route; keys of different scopes never meet */
  scope: (req: Request, res: Response) => string;
  logger?: HttpLogger;
}

/**
 * Makes a route safe to retry with an `Idempotency-Key` header: a repeat of the same request gets the first
 * 2xx answer again (`Idempotent-Replayed: true`), the same key with another request a 422, and a repeat
 * while the first is still running a 409. Only answers sent with `res.json` are kept.
 * The in-flight guard is per process; the store makes replays work across instances.
 *
 * @example
 * router.post('/api/v1/appeals', authenticate(verifier), idempotent(store, { scope: (_req, res) => principal(res).sub }), submit);
 */
export const idempotent = (store: IdempotencyStore, options: IdempotencyOptions): RequestHandler => {
  const inFlight = new Set<string>();
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      throw validationProblem([
        {
          field: KEY_FIELD,
          message: 'Must be 1 to 128 visible ASCII characters',
          code: 'invalid_format',
        },
      ]);
    }
    const storeKey = JSON.stringify([options.scope(req, res), key]);
    if (inFlight.has(storeKey)) {
      const message = 'A request with this Idempotency-Key is still in progress; retry later.';
      throw conflict(message, {
        type: 'idempotency-in-flight',
        errors: [{ field: KEY_FIELD, message, code: 'idempotency_key_in_flight' }],
      });
    }
    inFlight.add(storeKey);
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inFlight.delete(storeKey);
      }
    };
    const hash = requestHash(req);
    let stored: StoredResponse | undefined;
    try {
      stored = await store.get(storeKey);
    } catch (err) {
      release();
      throw err;
    }
    if (stored) {
      release();
      replay(res, stored, hash);
      return;
    }

    // the plan is kept with the request's fingerprint: the key with another request is refused here too
    res.locals[PLAN_LOCAL] = async (plan: Plan) => {
      const kept = await store.claim(storeKey, { requestHash: hash, plan });
      assertSameRequest(kept.requestHash, hash);
      return kept.plan as Plan;
    };
    let saving: Promise<void> | undefined;
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      if (!saving && res.statusCode >= 200 && res.statusCode < 300) {
        saving = store
          .put(storeKey, snapshotOf(res, body, hash))
          .catch((err: unknown) =>
            (options.logger ?? consoleLogger).error(
              { err: serializeError(err) },
              'idempotency store put failed',
            ),
          )
          .finally(release);
      }
      return send(body);
    };
    res.on('close', () => {
      if (!saving) release();
    });
    next();
  };
};
