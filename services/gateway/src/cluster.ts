import {
  createApiRegistry,
  createDevTokenIssuer,
  createHttpApp,
  devTokenRouter,
  finalize,
  sendProblem,
  serviceUnavailable,
  type ApiRegistry,
  type HttpAppOptions,
  type HttpLogger,
} from '@appeals/http';
import { asyncApiRoute } from '@appeals/asyncapi';
import { currentTraceparent, traceRequests } from '@appeals/observability';
import { demoUsers } from '@appeals/reference-data';
import type { Express, Request, Response } from 'express';
import type { RequestHandler as ProxyHandler } from 'http-proxy-middleware';
import { Agent } from 'node:http';
import { proxyTo, type GatewayLocals, type ProxySettings } from './clusterProxy';
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
  if (path.startsWith('/open311/v2/')) return open311UpstreamFor(method, path.slice('/open311/v2/'.length));
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
    case 'analytics':
    case 'open-data':
      return read ? 'projections' : undefined;
    case 'faq':
      // the public FAQ and the press's candidates are read from the views; the press's commands are response's
      return read ? 'projections' : verb === 'POST' ? 'response' : undefined;
    case 'audit':
      return 'audit';
    default:
      return undefined;
  }
}

/** Open311 GeoReport v2: services and filings are intake's, the reads of requests and tokens projections'. */
function open311UpstreamFor(method: string, rest: string): UpstreamName | undefined {
  const verb = method.toUpperCase();
  const read = verb === 'GET' || verb === 'HEAD';
  if (rest.startsWith('services')) return read ? 'intake' : undefined;
  if (/^requests\.(json|xml)$/.test(rest))
    return verb === 'POST' ? 'intake' : read ? 'projections' : undefined;
  if (rest.startsWith('requests/') || rest.startsWith('tokens/')) return read ? 'projections' : undefined;
  return undefined;
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

/** GET /ready: every replica of every service asked for its readiness; 503 unless each service has one ready. */
function readyRoute(app: Express, upstreams: Record<UpstreamName, Upstream>, probeTimeoutMs: number): void {
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
}

/** GET /openapi.json: the gateway's own document merged with each service's (the last one while it is away). */
function openApiRoute(
  app: Express,
  upstreams: Record<UpstreamName, Upstream>,
  registry: ApiRegistry,
  probeTimeoutMs: number,
): void {
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
}

/** The gateway's own API description, holding the dev-token route (mounted in dev mode) besides the services'. */
function gatewayRegistry(app: Express, devSecret: Uint8Array | undefined): ApiRegistry {
  const registry = createApiRegistry({
    title: 'Citizens’ appeals platform API',
    version: '1.0.0',
    description:
      'Event-sourced case management for citizens’ appeals (обращения / өтініш). Errors are RFC 9457 problem+json.',
  });
  if (devSecret) {
    const issuer = createDevTokenIssuer({ secret: devSecret });
    app.use(
      '/api/v1',
      devTokenRouter(issuer, { registry, path: '/auth/dev-token', users: demoUsers(), mountedAt: '/api/v1' }),
    );
  }
  return registry;
}

/** One proxy per service, each over that service's replicas. */
function upstreamProxies(
  upstreams: Record<UpstreamName, Upstream>,
  settings: ProxySettings,
): Record<UpstreamName, ProxyHandler<Request, Response>> {
  return Object.fromEntries(
    UPSTREAMS.map((name) => [name, proxyTo(name, upstreams[name], settings)]),
  ) as Record<UpstreamName, ProxyHandler<Request, Response>>;
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
  const proxies = upstreamProxies(upstreams, { agent, timeoutMs, logger: options.logger });

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
  readyRoute(app, upstreams, probeTimeoutMs);
  const registry = gatewayRegistry(app, options.devSecret);
  openApiRoute(app, upstreams, registry, probeTimeoutMs);
  app.get('/asyncapi.json', asyncApiRoute());

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
