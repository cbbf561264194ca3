import {
  HttpProblem,
  createApiRegistry,
  createDevTokenIssuer,
  createHttpApp,
  devTokenRouter,
  finalize,
  sendProblem,
  serviceUnavailable,
  type HttpAppOptions,
  type HttpLogger,
} from '@appeals/http';
import { currentTraceparent, traceRequests } from '@appeals/observability';
import { demoUsers } from '@appeals/reference-data';
import type { Express, Request, Response } from 'express';
import {
  createProxyMiddleware,
  debugProxyErrorsPlugin,
  proxyEventsPlugin,
  type Plugin,
  type RequestHandler as ProxyHandler,
} from 'http-proxy-middleware';
import { Agent } from 'node:http';
import { webAppRouter } from './webApp';

/** The services behind the gateway. */
export const UPSTREAMS = ['intake', 'routing', 'response', 'audit', 'projections'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/** Staff routing actions (`POST /appeals/{id}/forward`); every other action is the response service's. */
const ROUTING_ACTIONS = new Set(['route', 'needs-triage', 'forward']);

/**
 * Which service answers a request, by method and path; undefined for anything none of them serves.
 *
 * @example
 * upstreamFor('POST', '/api/v1/appeals/42/forward'); // 'routing'
 */
export function upstreamFor(method: string, path: string): UpstreamName | undefined {
  if (!path.startsWith('/api/v1/')) return undefined;
  const segments = path.slice('/api/v1/'.length).split('/');
  if (segments.at(-1) === '') segments.pop();
  const verb = method.toUpperCase();
  const read = verb === 'GET' || verb === 'HEAD';
  switch (segments[0]) {
    case 'appeals':
      if (segments.length === 1) return verb === 'POST' ? 'intake' : read ? 'projections' : undefined;
      if (segments.length === 3 && verb === 'POST')
        return ROUTING_ACTIONS.has(segments[2]!) ? 'routing' : 'response';
      return read ? 'projections' : undefined;
    case 'catalog':
    case 'calendars':
      return read ? 'intake' : undefined;
    case 'admin':
      return segments[1] === 'calendars' || segments[1] === 'applicants'
        ? 'intake'
        : segments[1] === 'projections'
          ? 'projections'
          : undefined;
    case 'me':
    case 'agencies':
    case 'stats':
      return read ? 'projections' : undefined;
    case 'audit':
      return 'audit';
    default:
      return undefined;
  }
}

/** How long a target that refused a connection is skipped while its replicas are tried. */
const EJECT_MS = 2_000;

interface Target {
  url: string;
  downUntil: number;
}

/** The replicas of one service, taken in turn; one that refused a connection is skipped for a moment. */
export class Upstream {
  private readonly targets: Target[];
  private next = 0;
  constructor(
    readonly name: UpstreamName,
    urls: string[],
  ) {
    if (urls.length === 0) throw new Error(`${name}: no upstream URL`);
    this.targets = urls.map((url) => ({ url, downUntil: 0 }));
  }
  urls(): string[] {
    return this.targets.map((t) => t.url);
  }
  /** the next live replica (or, when all look down, simply the next one) */
  pick(now = Date.now()): string {
    for (let i = 0; i < this.targets.length; i++) {
      const target = this.targets[(this.next + i) % this.targets.length]!;
      if (target.downUntil <= now) {
        this.next = (this.next + i + 1) % this.targets.length;
        return target.url;
      }
    }
    const target = this.targets[this.next % this.targets.length]!;
    this.next = (this.next + 1) % this.targets.length;
    return target.url;
  }
  markDown(url: string, now = Date.now()): void {
    const target = this.targets.find((t) => t.url === url);
    if (target) target.downUntil = now + EJECT_MS;
  }
}

export interface ClusterGatewayOptions {
  upstreams: Record<UpstreamName, string[]>;
  /** dev-token route (POST /api/v1/auth/dev-token) signing with this secret; absent in oidc mode */
  devSecret?: Uint8Array;
  logger: HttpLogger;
  /** an upstream answer slower than this is a 504 (default 30 s) */
  timeoutMs?: number;
  /** GET /ready and /openapi.json ask each upstream for at most this long (default 2 s) */
  probeTimeoutMs?: number;
  /** the built web app served at `/` (services/web/dist by default; a 503 page says how to build it when absent) */
  webDistDir?: string;
  /** CORS origins and the per-client rate limit (bodies stream through; the services enforce their limit) */
  edge?: Pick<HttpAppOptions, 'corsOrigins' | 'rateLimit'>;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENETUNREACH']);

/** What the caller gets when an upstream fails: problem+json, never a crash or a hanging request. */
function upstreamProblem(name: UpstreamName, error: NodeJS.ErrnoException): HttpProblem {
  const code = error.code ?? '';
  if (CONNECT_FAILURES.has(code)) {
    return serviceUnavailable(`The ${name} service is not reachable; try again shortly.`, {
      type: 'upstream-unavailable',
      extra: { upstream: name },
      headers: { 'Retry-After': '1' },
    });
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timed? ?out/i.test(error.message)) {
    return new HttpProblem({
      status: 504,
      type: 'upstream-timeout',
      detail: `The ${name} service did not answer in time.`,
      extra: { upstream: name },
    });
  }
  return new HttpProblem({
    status: 502,
    type: 'upstream-failed',
    detail: `The ${name} service failed to answer.`,
    extra: { upstream: name },
  });
}

interface GatewayLocals {
  requestId?: string;
  traceparent?: string;
  target?: string;
  timedOut?: boolean;
}

/** Merges the services' OpenAPI documents (paths, components, tags) under the gateway's info. */
export function mergeOpenApi(
  base: Record<string, unknown>,
  documents: Array<Record<string, unknown>>,
): Record<string, unknown> {
  type Section = Record<string, unknown>;
  const paths: Record<string, Section> = { ...(base.paths as Record<string, Section>) };
  const components: Record<string, Section> = structuredClone(
    (base.components as Record<string, Section>) ?? {},
  );
  const merged: Record<string, unknown> = { ...base, paths, components };
  const tags = new Map<string, unknown>(
    ((base.tags as Array<{ name: string }>) ?? []).map((t) => [t.name, t]),
  );
  for (const doc of documents) {
    for (const [path, item] of Object.entries((doc.paths as Record<string, Section>) ?? {})) {
      paths[path] = { ...paths[path], ...item };
    }
    for (const [section, entries] of Object.entries((doc.components as Record<string, Section>) ?? {})) {
      components[section] = { ...components[section], ...entries };
    }
    for (const tag of (doc.tags as Array<{ name: string }>) ?? []) tags.set(tag.name, tag);
  }
  if (tags.size > 0) merged.tags = [...tags.values()];
  return merged;
}

async function fetchJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * The cluster gateway: one public base URL proxying each API route to the service that serves it (bodies
 * streamed, `Authorization`, `X-Tracking-Code`, `traceparent` and `X-Request-Id` passed on), the dev-token route
 * in dev mode, one OpenAPI document merged from the services', `/health`, and `/ready` (every service ready).
 * An upstream that is down or slow becomes a 503/502/504 problem; the gateway itself never fails with it.
 */
export function createClusterGateway(options: ClusterGatewayOptions): Express & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  // An idle pooled socket times out here after 4 s, before the service closes it (keepAliveTimeout 5 s in
  // service-host), so a request is never sent on a socket the service is closing at that moment (ECONNRESET → 502).
  // A scaled 10,000-appeal run answered 2 POSTs with 502 upstream-failed; this race is the suspected cause.
  const agent = new Agent({ keepAlive: true, maxSockets: 128, keepAliveMsecs: 1_000, timeout: 4_000 });
  const upstreams = Object.fromEntries(
    UPSTREAMS.map((name) => [name, new Upstream(name, options.upstreams[name])]),
  ) as Record<UpstreamName, Upstream>;

  const proxies = Object.fromEntries(
    UPSTREAMS.map((name): [UpstreamName, ProxyHandler<Request, Response>] => {
      const upstream = upstreams[name];
      return [
        name,
        createProxyMiddleware<Request, Response>({
          router: (req) => {
            const target = upstream.pick();
            (req.res?.locals as GatewayLocals | undefined)!.target = target;
            return target;
          },
          changeOrigin: true,
          xfwd: true,
          agent,
          proxyTimeout: timeoutMs,
          // our own error answers below replace the plugin that answers in plain text
          ejectPlugins: true,
          plugins: [debugProxyErrorsPlugin, proxyEventsPlugin] as unknown as Array<Plugin<Request, Response>>,
          on: {
            proxyReq: (proxyReq, _req, res) => {
              const locals = res.locals as GatewayLocals;
              if (locals.requestId) proxyReq.setHeader('X-Request-Id', locals.requestId);
              if (locals.traceparent) proxyReq.setHeader('traceparent', locals.traceparent);
              // http-proxy aborts a request past proxyTimeout; remember why, so the answer is a 504
              proxyReq.once('timeout', () => (locals.timedOut = true));
            },
            error: (error, req, res) => {
              const failure = error as NodeJS.ErrnoException;
              const response = res as Response;
              const locals = (response.locals ?? {}) as GatewayLocals;
              const target = locals.target;
              if (locals.timedOut) failure.code = 'ETIMEDOUT';
              if (target && CONNECT_FAILURES.has(failure.code ?? '')) upstream.markDown(target);
              options.logger.warn(
                { upstream: name, target, code: failure.code, err: failure.message, path: req.originalUrl },
                'upstream request failed',
              );
              if (typeof response.status !== 'function') {
                (res as unknown as { destroy?: () => void }).destroy?.();
                return;
              }
              if (response.headersSent) {
                response.destroy();
                return;
              }
              sendProblem(response, upstreamProblem(name, failure));
            },
          },
        }),
      ];
    }),
  ) as Record<UpstreamName, ProxyHandler<Request, Response>>;

  // the same edge as every service (headers, CORS, rate limit per address), but bodies stream through unparsed
  const app = createHttpApp({ logger: options.logger, parseJson: false, ...options.edge }) as Express & {
    close(): void;
  };
  app.use(traceRequests());
  app.use((_req, res, next) => {
    // the services continue this request's trace: send them the gateway span's context
    const traceparent = currentTraceparent();
    if (traceparent) (res.locals as GatewayLocals).traceparent = traceparent;
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: 'cluster' });
  });

  app.get('/ready', async (_req, res) => {
    const checks = Object.fromEntries(
      await Promise.all(
        UPSTREAMS.map(async (name): Promise<[string, Record<string, string>]> => {
          const replicas = await Promise.all(
            upstreams[name].urls().map(async (url): Promise<[string, string]> => {
              try {
                const { status } = await fetchJson(`${url}/ready`, probeTimeoutMs);
                return [url, status === 200 ? 'ready' : `not ready (${status})`];
              } catch (error) {
                return [url, `unreachable (${(error as Error).message})`];
              }
            }),
          );
          return [name, Object.fromEntries(replicas)];
        }),
      ),
    );
    const down = UPSTREAMS.filter((name) => !Object.values(checks[name]!).includes('ready'));
    if (down.length === 0) {
      res.json({ status: 'ready', upstreams: checks });
      return;
    }
    sendProblem(
      res,
      serviceUnavailable(`Not ready: ${down.join(', ')}.`, {
        type: 'not-ready',
        extra: { upstreams: checks },
        headers: { 'Retry-After': '1' },
      }),
    );
  });

  const registry = createApiRegistry({
    title: 'Citizens’ appeals platform API',
    version: '1.0.0',
    description:
      'Event-sourced case management for citizens’ appeals (обращения / өтініш). Errors are RFC 9457 problem+json.',
  });
  if (options.devSecret) {
    const issuer = createDevTokenIssuer({ secret: options.devSecret });
    app.use(
      '/api/v1',
      devTokenRouter(issuer, { registry, path: '/auth/dev-token', users: demoUsers(), mountedAt: '/api/v1' }),
    );
  }

  /** the last document each service gave, served while it is briefly away */
  const documents = new Map<UpstreamName, Record<string, unknown>>();
  app.get('/openapi.json', async (_req, res) => {
    const missing: string[] = [];
    await Promise.all(
      UPSTREAMS.map(async (name) => {
        try {
          const { status, body } = await fetchJson(`${upstreams[name].pick()}/openapi.json`, probeTimeoutMs);
          if (status !== 200) throw new Error(`status ${status}`);
          documents.set(name, body as Record<string, unknown>);
        } catch {
          if (!documents.has(name)) missing.push(name);
        }
      }),
    );
    if (missing.length > 0) {
      sendProblem(
        res,
        serviceUnavailable(`The API description of ${missing.join(', ')} is not available yet.`, {
          type: 'upstream-unavailable',
          extra: { upstreams: missing },
          headers: { 'Retry-After': '1' },
        }),
      );
      return;
    }
    const own = registry.document() as unknown as Record<string, unknown>;
    res.json(
      mergeOpenApi(
        own,
        UPSTREAMS.map((name) => documents.get(name)!),
      ),
    );
  });

  app.use((req, res, next) => {
    const name = upstreamFor(req.method, req.path);
    if (!name) {
      next();
      return;
    }
    proxies[name](req, res, next).catch(next);
  });
  app.use(webAppRouter(options.webDistDir === undefined ? {} : { distDir: options.webDistDir }));

  finalize(app, { logger: options.logger });
  app.close = () => agent.destroy();
  return app;
}
