import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventStreamParser, followAppeal, newer, readAppeal, WAIT_MS } from './appealFeed';
import { setApiBase } from './client';

// A real HTTP server stands in for the API: the read with its wait condition, and the event stream.
let server: Server;
let handle: (req: IncomingMessage, res: ServerResponse) => void;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  setApiBase(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

describe('eventStreamParser', () => {
  it('yields messages split across chunks, joins data lines, and drops comments and retry', () => {
    const parse = eventStreamParser();
    expect(parse('retry: 2000\n\n: heartbeat\n\nevent: appeal\nid: 3\nda')).toEqual([]);
    expect(parse('ta: {"version":3}\n\nevent: gone\r\ndata: {}\r\n\r\ndata: a\ndata: b\n\n')).toEqual([
      { event: 'appeal', id: '3', data: '{"version":3}' },
      { event: 'gone', data: '{}' },
      { event: 'message', data: 'a\nb' },
    ]);
  });
});

describe('readAppeal', () => {
  it('asks the API to wait for the version an action produced, with the reader’s credentials', async () => {
    handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":4}');
    await expect(readAppeal('a-1', { token: 'tok', trackingCode: 'CODE123456' }, 4)).resolves.toEqual({ version: 4 });
    const url = new URL(seen[0]!.url!, 'http://x');
    expect(url.pathname).toBe('/api/v1/appeals/a-1');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      trackingCode: 'CODE123456',
      minVersion: '4',
      waitMs: String(WAIT_MS),
    });
    expect(seen[0]!.headers.authorization).toBe('Bearer tok');
  });

  it('reads at once when there is no version to wait for', async () => {
    handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":1}');
    await readAppeal('a-1', {});
    expect(seen[0]!.url).toBe('/api/v1/appeals/a-1');
  });
});

describe('followAppeal', () => {
  it('hands over each appeal the stream sends, then stops at `gone`', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 2000\n\nevent: appeal\nid: 2\ndata: {"version":2}\n\n');
      setTimeout(() => res.write(': heartbeat\n\nevent: appeal\nid: 3\ndata: {"version":3}\n\n'), 10);
      setTimeout(() => res.end('event: gone\ndata: {}\n\n'), 20);
    };
    const got: number[] = [];
    await new Promise<void>((gone) => {
      followAppeal<{ version: number }>('a-1', { token: 'tok' }, (a) => got.push(a.version), gone);
    });
    expect(got).toEqual([2, 3]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer tok', accept: 'text/event-stream' });
    expect(seen[0]!.url).toBe('/api/v1/appeals/a-1/events');
  });

  it('does not follow an appeal the API refuses (404), and stops when told', async () => {
    handle = (_req, res) => res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{}');
    const stop = followAppeal('a-1', {}, () => undefined);
    // the first request may take a while on a busy machine; then a follower that retried would ask again
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(seen).toHaveLength(1);
  });

  it('closes the connection when stopped', async () => {
    let closed!: () => void;
    const gone = new Promise<void>((r) => (closed = r));
    handle = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: appeal\ndata: {"version":1}\n\n');
      req.on('close', closed);
    };
    const first = new Promise<void>((r) => {
      const stop = followAppeal('a-1', {}, () => {
        stop();
        r();
      });
    });
    await first;
    await gone;
  });
});

describe('newer', () => {
  it('keeps the later version, whichever arrives first', () => {
    expect(newer({ version: 3 }, { version: 2 })).toEqual({ version: 3 });
    expect(newer({ version: 3 }, { version: 4 })).toEqual({ version: 4 });
    expect(newer(undefined, { version: 1 })).toEqual({ version: 1 });
  });
});
