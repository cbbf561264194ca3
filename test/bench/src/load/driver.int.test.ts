import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crudApp } from './crudBaseline';
import { drive, driverOptions, type DriverOptions } from './driver';

async function serve(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const closeAll = (server: Server) => new Promise((r) => server.close(r));

/** Drives a stub server with the given sizes (poll 20 ms, deadline 30 s unless told). */
async function driveStub(app: express.Express, over: Partial<DriverOptions>) {
  const { url, server } = await serve(app);
  try {
    return await drive({
      base: url,
      appeals: 1,
      clients: 1,
      pollMs: 20,
      waitMs: 0,
      deadlineSeconds: 30,
      ...over,
    });
  } finally {
    await closeAll(server);
  }
}

describe('the load driver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-driver-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('files every appeal against the CRUD baseline and reads each back routed', async () => {
    const crud = crudApp(join(dir, 'crud.db'));
    const { url, server } = await serve(crud.app);
    try {
      const r = await drive({
        base: url,
        appeals: 25,
        clients: 4,
        pollMs: 5,
        waitMs: 0,
        deadlineSeconds: 30,
      });
      expect(r).toMatchObject({ n: 25, routed: 25, errors: 0, gets: 25, mode: 'poll', timedOut: false });
      expect(r.p50).not.toBeNull();
    } finally {
      await closeAll(server);
      crud.close();
    }
  });

  it('polls until routed, and asks with the wait condition when told to', async () => {
    const reads: string[] = [];
    const app = express();
    const seen = new Map<string, number>();
    app.post(
      '/appeals',
      (_req, res) => void res.status(201).json({ id: `a${seen.size}`, trackingCode: 'T 1' }),
    );
    app.get('/appeals/:id', (req, res) => {
      reads.push(req.url);
      const n = (seen.get(req.params.id) ?? 0) + 1;
      seen.set(req.params.id, n);
      if (n === 1) return void res.status(404).json({}); // not in the read view yet
      res.json({ status: n < 3 ? 'registered' : 'routed' });
    });
    const r = await driveStub(app, { pollMs: 1, waitMs: 500 });
    expect(r).toMatchObject({ routed: 1, gets: 3, errors: 0, mode: 'wait' });
    expect(reads[0]).toBe('/appeals/a0?trackingCode=T%201&waitFor=routed&waitMs=500');
  });

  it('sends each filing with a key of its own when keyed, and none otherwise', async () => {
    const keys: Array<string | undefined> = [];
    const app = express();
    app.post('/appeals', (req, res) => {
      keys.push(req.get('idempotency-key'));
      res.status(201).json({ id: `a${keys.length}`, trackingCode: 'T1' });
    });
    app.get('/appeals/:id', (_req, res) => void res.json({ status: 'routed' }));
    const keyed = await driveStub(app, { appeals: 3, clients: 1, keyed: true });
    expect(keyed).toMatchObject({ routed: 3, keyed: true });
    expect(new Set(keys).size).toBe(3);
    expect(keys.every((k) => /^bench-[\w-]+-[0-2]$/.test(k ?? ''))).toBe(true);
    keys.length = 0;
    await driveStub(app, { appeals: 2, clients: 1 });
    expect(keys).toEqual([undefined, undefined]);
  });

  it('counts refused submissions and appeals never routed by the deadline as errors', async () => {
    const app = express();
    let posts = 0;
    app.post('/appeals', (_req, res) =>
      ++posts % 2 ? void res.status(201).json({ id: 'stuck' }) : void res.status(503).send('busy'),
    );
    app.get('/appeals/:id', (_req, res) => void res.json({ status: 'registered' }));
    const r = await driveStub(app, { appeals: 4, clients: 4, deadlineSeconds: 0.5 });
    expect(r).toMatchObject({ routed: 0, errors: 4, timedOut: true });
    expect(r.errorSamples).toEqual(
      expect.arrayContaining(['POST 503 busy', 'not routed before the deadline']),
    );
  });

  it('reads its command line, refusing what is not a URL or a count', () => {
    expect(driverOptions(['http://h:1/api/v1/', '10', '2', '5', '--wait', '1000'])).toEqual({
      base: 'http://h:1/api/v1',
      appeals: 10,
      clients: 2,
      pollMs: 5,
      waitMs: 1000,
      deadlineSeconds: 300,
      keyed: false,
    });
    expect(driverOptions(['http://h:1', '10', '--keyed']).keyed).toBe(true);
    expect(() => driverOptions(['h:1', '10'])).toThrow('BASE_URL');
    expect(() => driverOptions(['http://h:1', 'ten'])).toThrow('appeals');
    expect(() => driverOptions(['http://h:1', '10', '0'])).toThrow('at least 1');
  });
});
