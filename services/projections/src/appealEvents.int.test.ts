import type { Principal } from '@appeals/http';
import { actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProjectionsService } from './projections.service';

// GET /appeals/{id}/events: one appeal's detail view as server-sent events, over a real HTTP connection, on the
// projections service on the test platform (commands → event store → relay → bus → projector → read store).

const HEAD = principals.head; // Bostandyk, where s.route() sends an appeal
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };

let s: TestPlatform;
let service: ReturnType<typeof createProjectionsService>;
let server: Server;
let base: string;

async function start(heartbeatMs = 60_000) {
  s = createTestPlatform();
  service = createProjectionsService({ ...s, eventStreamHeartbeatMs: heartbeatMs });
  s.mount(service.router);
  await service.start();
  await s.settled();
  server = s.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await service.stop();
  await s.stop();
});

interface Message {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** An open event stream: its answer, and its messages one at a time (undefined once it ended). */
async function openStream(id: string, who: Principal | undefined, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/appeals/${id}/events`, {
    headers: { ...headers, ...(who ? { authorization: await s.token(who) } : {}) },
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<Message | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: Message = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) message.comment = line.slice(1).trim();
          else {
            const [field, ...rest] = line.split(':');
            message[field as keyof Message] = rest.join(':').trimStart();
          }
        }
        return message;
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  /** the next message that is not the reconnect delay or a heartbeat */
  const nextEvent = async () => {
    for (;;) {
      const message = await next();
      if (!message || message.event) return message;
    }
  };
  return { res, next, nextEvent, close: () => controller.abort() };
}

const released = async () => {
  for (let i = 0; i < 200 && service.changes.watching > 0; i++) await new Promise((r) => setTimeout(r, 5));
  return service.changes.watching;
};

describe('GET /appeals/{id}/events', () => {
  it('sends the appeal at once and again after each change, as GET /appeals/{id} answers it, with its version as id', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const stream = await openStream(id, HEAD);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await stream.next()).toEqual({ retry: '2000' });

    const first = await stream.nextEvent();
    expect(first).toMatchObject({ event: 'appeal', id: '2' });
    const read = await s.get(`/appeals/${id}`, HEAD);
    expect(JSON.parse(first!.data!)).toEqual(read.body);

    await s.commands.execute(
      id,
      { type: 'AssignExecutors', now: s.clock(), actor: actors.head, data: { executorIds: ['exec-b'] } },
      { service: 'response' },
    );
    const second = await stream.nextEvent();
    expect(second).toMatchObject({ event: 'appeal', id: '3' });
    expect(JSON.parse(second!.data!)).toMatchObject({ status: 'in_progress', version: 3 });
    stream.close();
    expect(await released()).toBe(0);
  });

  it('resumes after Last-Event-ID: the version the client has is not sent again', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const stream = await openStream(id, AUDITOR, { 'Last-Event-ID': '2' });
    await stream.next(); // retry
    await s.commands.execute(
      id,
      { type: 'AssignExecutors', now: s.clock(), actor: actors.head, data: { executorIds: ['exec-b'] } },
      { service: 'response' },
    );
    expect(await stream.nextEvent()).toMatchObject({ event: 'appeal', id: '3' });
    stream.close();
  });

  it('sends heartbeats while nothing changes', async () => {
    await start(30);
    const id = await s.routedAppeal();
    await s.settled();
    const stream = await openStream(id, AUDITOR);
    await stream.next(); // retry
    await stream.next(); // the appeal
    expect(await stream.next()).toEqual({ comment: 'heartbeat' });
    stream.close();
  });

  it('says `gone` and ends when the appeal leaves the caller’s sight (forwarded to another agency)', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const stream = await openStream(id, HEAD);
    expect(await stream.nextEvent()).toMatchObject({ event: 'appeal' });
    await s.commands.execute(
      id,
      {
        type: 'ForwardAppeal',
        now: s.clock(),
        actor: actors.registrar,
        data: { toAgencyId: 'akimat-almaty-almaly', scope: 'whole', reason: 'Компетенция соседнего района' },
      },
      { service: 'routing' },
    );
    expect(await stream.nextEvent()).toEqual({ event: 'gone', data: '{}' });
    expect(await stream.next()).toBeUndefined();
    expect(await released()).toBe(0);
  });

  it('answers 404 problem+json, as the GET does, to a caller who may not see it and for no appeal at all', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const sibling: Principal = { sub: 'head-almaly', role: 'head', agencyId: 'akimat-almaty-almaly' };
    for (const [appealId, who] of [
      [id, sibling],
      [id, undefined],
      [randomUUID(), AUDITOR],
    ] as const) {
      const stream = await openStream(appealId, who);
      expect(stream.res.status).toBe(404);
      expect(stream.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const press = await openStream(id, { sub: 'press-1', role: 'press' });
    expect(press.res.status).toBe(403);
    expect(service.changes.watching).toBe(0);
  });

  it('lets a tracking-code holder follow the appeal (EventSource sends no headers: the code is in the query)', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const res = await fetch(`${base}/appeals/${id}/events?trackingCode=TRACK12345`);
    expect(res.status).toBe(200);
    await res.body!.cancel();
    expect((await fetch(`${base}/appeals/${id}/events?trackingCode=WRONG12345`)).status).toBe(404);
  });

  it('ends every stream when the service stops', async () => {
    await start();
    const id = await s.routedAppeal();
    await s.settled();
    const stream = await openStream(id, AUDITOR);
    expect(await stream.nextEvent()).toMatchObject({ event: 'appeal' });
    service.changes.close();
    expect(await stream.next()).toBeUndefined();
    expect(await released()).toBe(0);
  });
});
