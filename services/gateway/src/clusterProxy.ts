import { HttpProblem, sendProblem, serviceUnavailable, type HttpLogger } from '@appeals/http';
import type { Request, Response } from 'express';
import {
  createProxyMiddleware,
  debugProxyErrorsPlugin,
  proxyEventsPlugin,
  type Plugin,
  type RequestHandler as ProxyHandler,
} from 'http-proxy-middleware';
import type { Agent, ClientRequest } from 'node:http';

/** What the gateway keeps in `res.locals` for the proxy: the ids it passes on, the replica tried, a timeout. */
export interface GatewayLocals {
  requestId?: string;
  traceparent?: string;
  target?: string;
  timedOut?: boolean;
}

/** The replicas of one service as the proxy uses them: the next to try, and one to skip after it refused. */
export interface Replicas {
  pick(): string;
  markDown(url: string): void;
}

/** What every proxy shares: the pooled connections, the answer timeout and the logger. */
export interface ProxySettings {
  agent: Agent;
  timeoutMs: number;
  logger: HttpLogger;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENETUNREACH']);

/** What the caller gets when an upstream fails: problem+json, never a crash or a hanging request. */
function upstreamProblem(name: string, error: NodeJS.ErrnoException): HttpProblem {
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

/** Passes the request id and trace context on to the service, and notes a timeout so the answer is a 504. */
function passRequestContext(proxyReq: ClientRequest, res: Response): void {
  const locals = res.locals as GatewayLocals;
  if (locals.requestId) proxyReq.setHeader('X-Request-Id', locals.requestId);
  if (locals.traceparent) proxyReq.setHeader('traceparent', locals.traceparent);
  // http-proxy aborts a request past proxyTimeout; remember why, so the answer is a 504
  proxyReq.once('timeout', () => (locals.timedOut = true));
}

/** Answers a failed upstream request with its problem (or drops a socket), skipping a replica that refused. */
function answerUpstreamFailure(
  name: string,
  upstream: Replicas,
  logger: HttpLogger,
  error: Error,
  req: Request,
  res: unknown,
): void {
  const failure = error as NodeJS.ErrnoException;
  const response = res as Response;
  const locals = (response.locals ?? {}) as GatewayLocals;
  const target = locals.target;
  if (locals.timedOut) failure.code = 'ETIMEDOUT';
  if (target && CONNECT_FAILURES.has(failure.code ?? '')) upstream.markDown(target);
  logger.warn(
    { upstream: name, target, code: failure.code, err: failure.message, path: req.originalUrl },
    'upstream request failed',
  );
  if (typeof response.status !== 'function') {
    (res as { destroy?: () => void }).destroy?.();
    return;
  }
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendProblem(response, upstreamProblem(name, failure));
}

/** The proxy to one service: each request to its next live replica, bodies streamed, failures as problems. */
export function proxyTo(
  name: string,
  upstream: Replicas,
  { agent, timeoutMs, logger }: ProxySettings,
): ProxyHandler<Request, Response> {
  return createProxyMiddleware<Request, Response>({
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
      proxyReq: (proxyReq, _req, res) => passRequestContext(proxyReq, res),
      error: (error, req, res) => answerUpstreamFailure(name, upstream, logger, error, req, res),
    },
  });
}
