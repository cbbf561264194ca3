import { createServer, type Server } from 'node:net';
import { ephemeralRange, freePort } from './ports';

const HOST = '127.0.0.1';

async function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
}

describe('freePort: a port for a child to listen on later', () => {
  it('is below the kernel range for outgoing connections, where no client socket can take it first', async () => {
    const { low } = ephemeralRange();
    for (let i = 0; i < 20; i++) {
      const port = await freePort(HOST);
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
    }
  });

  it('skips a port something listens on, and the ports already planned', async () => {
    const busy = await freePort(HOST);
    const server = await listenOn(busy);
    try {
      const planned = await freePort(HOST);
      // the draw offers the busy port, then the planned one, then a third: only the third is given
      const draws = [busy, planned, planned + 1].map((port) => (port - 10_000 + 0.5) / (32_768 - 10_000));
      const port = await freePort(HOST, {
        avoid: new Set([planned]),
        range: { low: 32_768, high: 60_999 },
        random: () => draws.shift() ?? 0,
      });
      expect(port).toBe(planned + 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('asks the kernel when its range leaves no room below it', async () => {
    const port = await freePort(HOST, { range: { low: 10_500, high: 60_999 } });
    expect(port).toBeGreaterThan(0);
    await (await listenOn(port)).close();
  });
});

describe('ephemeralRange', () => {
  it('reads the kernel file, and falls back on the usual range when it cannot', () => {
    expect(ephemeralRange(() => '20000\t40000\n')).toEqual({ low: 20000, high: 40000 });
    expect(ephemeralRange(() => 'garbage')).toEqual({ low: 32768, high: 60999 });
    expect(
      ephemeralRange(() => {
        throw new Error('ENOENT');
      }),
    ).toEqual({ low: 32768, high: 60999 });
  });
});
