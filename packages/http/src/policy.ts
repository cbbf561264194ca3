import { Router, type RequestHandler } from 'express';
import { ROLES, type Principal, type Role } from './roles';
import type { ApiRegistry, HttpMethod } from './openapi';
import { forbidden, unauthorized } from './problem';
import { callerAndRoute, idempotent, isStateChanging, type IdempotencyStore } from './idempotency';

/** Who may knock: a caller without a token (`anonymous`) or a signed-in role. */
export type Caller = 'anonymous' | Role;
export const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];

/**
 * One row of a service's policy table: who may call the route at all, and which check on the object the handler
 * makes once it has loaded it (agency subtree, own appeal…), in words for the docs and the matrix test.
 */
export interface RouteRule {
  allow: readonly Caller[];
  /** the object-level check after the route check, e.g. "appeal visible: own, agency subtree, tracking code" */
  scope?: string;
  /** what a refused object check answers: 404 where the object's existence must not leak */
  refusedWith?: 403 | 404;
}

/** A service's whole policy: `'<METHOD> <path as registered>'` → rule. */
export type PolicyTable = Readonly<Record<string, RouteRule>>;

/** Every caller, signed in or not (public reference data, the tracking-code lookup, dev tokens). */
export const anyone = (scope?: string): RouteRule => ({ allow: CALLERS, ...(scope ? { scope } : {}) });
/** Only these callers; others are refused before the handler (anonymous 401, other roles 403). */
export const only = (allow: readonly Caller[], scope?: string, refusedWith?: 403 | 404): RouteRule => ({
  allow,
  ...(scope ? { scope } : {}),
  ...(refusedWith ? { refusedWith } : {}),
});

/** Key of a route in a policy table. */
export const policyKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** What the route check decided, on `res.locals.policy` (the handler and the logs can see it). */
export interface PolicyDecision {
  route: string;
  rule: RouteRule;
  caller: Caller;
}

/** Marks the handlers {@link enforce} makes, so a router can be checked for routes without a decision. */
const DECIDES = Symbol.for('appeals.policy.enforce');

/** The route check: 401 for an anonymous caller the rule does not admit, 403 naming the roles for another role. */
export const enforce = (route: string, rule: RouteRule): RequestHandler =>
  Object.assign(decide(route, rule), { [DECIDES]: route });

const decide =
  (route: string, rule: RouteRule): RequestHandler =>
  (_req, res, next) => {
    const who = res.locals.principal as Principal | undefined;
    const caller: Caller = who?.role ?? 'anonymous';
    if (!rule.allow.includes(caller)) {
      if (!who) throw unauthorized('This request requires a bearer token.');
      const roles = rule.allow.filter((c): c is Role => c !== 'anonymous');
      throw forbidden(`This action requires one of the roles: ${roles.join(', ')}.`, {
        type: 'role-required',
        extra: { requiredRoles: roles, role: who.role },
      });
    }
    res.locals.policy = { route, rule, caller } satisfies PolicyDecision;
    next();
  };

/** A router whose every route passes its policy row first; a route without a row cannot be registered. */
export interface GuardedRouter {
  readonly router: Router;
  get(path: string, ...handlers: RequestHandler[]): GuardedRouter;
  post(path: string, ...handlers: RequestHandler[]): GuardedRouter;
  put(path: string, ...handlers: RequestHandler[]): GuardedRouter;
  patch(path: string, ...handlers: RequestHandler[]): GuardedRouter;
  delete(path: string, ...handlers: RequestHandler[]): GuardedRouter;
}

/** Thrown while a service is composed when a route has no policy row: it never starts without a decision. */
export class MissingPolicyError extends Error {
  constructor(readonly route: string) {
    super(`No policy row for ${route}: add it to the service's policy table.`);
    this.name = 'MissingPolicyError';
  }
}

/** Thrown while a service is composed when a state-changing route has no idempotency store to honour its keys. */
export class MissingIdempotencyError extends Error {
  constructor(readonly route: string) {
    super(`${route} changes state: give guardedRouter an idempotency store.`);
    this.name = 'MissingIdempotencyError';
  }
}

export interface GuardedRouterOptions {
  /** where the router is mounted (`/api/v1`), so policy rows name public paths */
  mountedAt?: string;
  /** first answers by `Idempotency-Key`; required as soon as a POST, PUT, PATCH or DELETE route is registered */
  idempotency?: IdempotencyStore;
}

/**
 * Routes that cannot be reached without a policy decision: each `get/post/put/patch/delete` looks up its row
 * (`'POST /api/v1/appeals'`) and puts {@link enforce} in front of the handlers; a missing row throws at once.
 * A state-changing route also honours `Idempotency-Key` ({@link idempotent}, keys per caller and route): the guard
 * goes right before the route's last handler, after its validation and object checks, so a repeat is checked like
 * the first request before it gets the first answer. Without a store such a route cannot be registered.
 *
 * @example
 * const routes = guardedRouter(intakePolicy);
 * routes.post('/appeals', validate({ body }), handler); // row 'POST /api/v1/appeals'
 * app.use('/api/v1', routes.router);
 */
export function guardedRouter(
  policy: PolicyTable,
  { mountedAt = '/api/v1', idempotency }: GuardedRouterOptions = {},
): GuardedRouter {
  const router = Router();
  const retrySafe = (method: HttpMethod, route: string, handlers: RequestHandler[]): RequestHandler[] => {
    if (!isStateChanging(method)) return handlers;
    if (!idempotency) throw new MissingIdempotencyError(route);
    const guard = idempotent(idempotency, { scope: callerAndRoute });
    return [...handlers.slice(0, -1), guard, ...handlers.slice(-1)];
  };
  const add =
    (method: HttpMethod) =>
    (path: string, ...handlers: RequestHandler[]): GuardedRouter => {
      const route = policyKey(method, `${mountedAt}${path}`);
      const rule = policy[route];
      if (!rule) throw new MissingPolicyError(route);
      router[method](path, enforce(route, rule), ...retrySafe(method, route, handlers));
      return guarded;
    };
  const guarded: GuardedRouter = {
    router,
    get: add('get'),
    post: add('post'),
    put: add('put'),
    patch: add('patch'),
    delete: add('delete'),
  };
  return guarded;
}

/** Rows without a documented route, and documented routes without a row: both must be empty (a test asserts it). */
export function policyGaps(
  policy: PolicyTable,
  registry: ApiRegistry,
): { unguarded: string[]; stale: string[] } {
  const documented = registry.routes().map((r) => policyKey(r.method, r.path));
  return {
    unguarded: documented.filter((route) => !Object.hasOwn(policy, route)),
    stale: Object.keys(policy).filter((route) => !documented.includes(route)),
  };
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: unknown;
}

/**
 * Routes of an express router (and the routers mounted in it) whose first handler is not a policy decision,
 * as `'GET /appeals/:id'`; empty when every route was registered through {@link guardedRouter}.
 */
export function unguardedRoutes(router: unknown): string[] {
  const found: string[] = [];
  const walk = (handle: unknown) => {
    const stack = (handle as { stack?: LayerLike[] } | undefined)?.stack;
    if (!Array.isArray(stack)) return;
    for (const layer of stack) {
      if (layer.route) {
        const first = layer.route.stack[0]?.handle as Record<symbol, unknown> | undefined;
        if (first?.[DECIDES] === undefined)
          for (const method of Object.keys(layer.route.methods))
            found.push(`${method.toUpperCase()} ${String(layer.route.path)}`);
      } else walk(layer.handle);
    }
  };
  walk(router);
  return found;
}

/** Throws naming every route of `router` that a request could reach without a policy decision. */
export function assertEveryRouteGuarded(router: unknown): void {
  const unguarded = unguardedRoutes(router);
  if (unguarded.length > 0)
    throw new Error(
      `Routes without a policy decision (register them with guardedRouter and a policy row): ${unguarded.join(', ')}`,
    );
}
