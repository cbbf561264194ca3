import { createEmbeddedSystem, type EmbeddedSystem } from '@appeals/gateway';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Reply<T = any> {
  status: number;
  type: string;
  body: T;
  headers: Headers;
}

/** Starts the embedded system on a free port and gives a small HTTP client for it. */
export async function startSystem(options: { clock?: () => Date } = {}) {
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

  async function call<T = any>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
      headers: res.headers,
    };
  }

  async function token(role: string, extra: { agencyId?: string; sub?: string } = {}): Promise<string> {
    const r = await call('POST', '/api/v1/auth/dev-token', { body: { role, ...extra } });
    if (r.status !== 200) throw new Error(`dev token: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  }

  return {
    system,
    base,
    call,
    token,
    /** waits until every event so far is relayed and every consumer (routing, projections, audit) is done */
    settled: () => system.settled(),
    async stop() {
      await new Promise((r) => server.close(r));
      await system.stop();
    },
  };
}
export type TestSystem = Awaited<ReturnType<typeof startSystem>>;
