import { createEmbeddedSystem, type EmbeddedOptions, type EmbeddedSystem } from '@appeals/gateway';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Reply<T = any> {
  status: number;
  type: string;
  body: T;
  headers: Headers;
}

export type Call = <T = any>(
  method: string,
  path: string,
  init?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
) => Promise<Reply<T>>;

/** What a scenario drives: one base URL, and a way to wait for the read side. */
export interface SystemUnderTest {
  base: string;
  call: Call;
  /** a dev token from POST /api/v1/auth/dev-token */
  token(role: string, extra?: { agencyId?: string; sub?: string }): Promise<string>;
  /**
   * Reads the read side once it has caught up with everything done so far. Embedded: waits until every event is
   * relayed and handled, then reads once. Cluster: reads again until `until` holds (bounded), as a client polls.
   * For one appeal, use {@link readAppeal} (the server waits); this is for lists, which have no wait condition.
   */
  settled<T = any>(read: () => Promise<Reply<T>>, until: (reply: Reply<T>) => boolean): Promise<Reply<T>>;
  stop(): Promise<void>;
}

/** A small HTTP client for a base URL. */
export function httpClient(base: string): Pick<SystemUnderTest, 'call' | 'token'> {
  const call: Call = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/event-stream')) {
      await res.body?.cancel(); // a stream does not end by itself: its answer is the status and the headers
      return { status: res.status, type, body: undefined, headers: res.headers };
    }
    const text = await res.text();
    // JSON, problem+json and schema+json are parsed; any other text (the open data's CSV) is given as it is
    const json = /[/+]json\b/.test(type) || type === '';
    return {
      status: res.status,
      type,
      body: text ? (json ? JSON.parse(text) : text) : undefined,
      headers: res.headers,
    };
  };
  const token = async (role: string, extra: { agencyId?: string; sub?: string } = {}): Promise<string> => {
    const r = await call('POST', '/api/v1/auth/dev-token', { body: { role, ...extra } });
    if (r.status !== 200) throw new Error(`dev token: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  };
  return { call, token };
}

/** What to wait for when reading an appeal: the version a command answered, and/or one of some statuses. */
export interface AppealWait {
  minVersion?: number;
  /** statuses separated by commas (`routed,needs_triage`): effects whose version the caller cannot know */
  waitFor?: string;
}

/** How long the server waits per request (its maximum). */
const SERVER_WAIT_MS = 10_000;

/**
 * Reads an appeal once its view meets `wait`, letting the server wait (GET /appeals/{id}?minVersion=&waitFor=&waitMs=)
 * as the web app does: read-your-writes without polling. While a server wait ends unmet (or the appeal is not yet
 * visible: 404) it asks again at once, up to `timeoutMs`; returns the last answer either way (assertions follow).
 */
export async function readAppeal(
  call: Call,
  id: string,
  wait: AppealWait,
  init: { token?: string | undefined; trackingCode?: string | undefined } = {},
  timeoutMs = 20_000,
): Promise<Reply> {
  const query = new URLSearchParams({
    ...(wait.minVersion === undefined ? {} : { minVersion: String(wait.minVersion) }),
    ...(wait.waitFor === undefined ? {} : { waitFor: wait.waitFor }),
    ...(init.trackingCode === undefined ? {} : { trackingCode: init.trackingCode }),
    waitMs: String(SERVER_WAIT_MS),
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await call(
      'GET',
      `/api/v1/appeals/${id}?${query}`,
      init.token ? { token: init.token } : {},
    );
    const met = reply.status === 200 && reply.headers.get('wait-condition') === 'met';
    if (met || Date.now() >= deadline || ![200, 404].includes(reply.status)) return reply;
  }
}

/** Polls `read` until `until` holds or `timeoutMs` passed; returns the last reply either way (assertions follow). */
export async function pollUntil<T>(
  read: () => Promise<Reply<T>>,
  until: (reply: Reply<T>) => boolean,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<Reply<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await read();
    if (until(reply) || Date.now() >= deadline) return reply;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Starts the embedded system on a free port. */
export async function startSystem(
  options: Partial<Pick<EmbeddedOptions, 'clock' | 'dataDir' | 'notifications'>> = {},
) {
  const system: EmbeddedSystem = createEmbeddedSystem({
    dataDir: ':memory:',
    devAuth: true,
    logger: { error: () => undefined, warn: () => undefined },
    ...options,
  });
  await system.start();
  const server: Server = await new Promise((resolve) => {
    const s = system.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    system,
    base,
    ...httpClient(base),
    /** waits until every event so far is relayed and every consumer (routing, projections, audit) is done */
    async settled<T = any>(read?: () => Promise<Reply<T>>): Promise<Reply<T>> {
      await system.settled();
      return (read ? await read() : undefined) as Reply<T>;
    },
    async stop() {
      await new Promise((r) => server.close(r));
      await system.stop();
    },
  } satisfies SystemUnderTest & { system: EmbeddedSystem };
}
export type TestSystem = Awaited<ReturnType<typeof startSystem>>;
