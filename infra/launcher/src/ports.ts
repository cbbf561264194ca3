import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Where free ports are looked for when the kernel's range for outgoing connections cannot be read. */
const FALLBACK_EPHEMERAL = { low: 32768, high: 60999 } as const;
/** The lowest port handed out: above the well-known and most registered services' ports. */
const LOWEST = 10_000;
const ATTEMPTS = 64;

/** The kernel's range of ports for outgoing connections (Linux; elsewhere the IANA-like default above). */
export function ephemeralRange(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): {
  low: number;
  high: number;
} {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!)
      return { low: low!, high: high! };
  } catch {
    // not Linux: the default below
  }
  return { ...FALLBACK_EPHEMERAL };
}

/** Whether nothing listens on `host:port` right now. */
async function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export interface FreePortOptions {
  /** ports already planned but not listened on yet */
  avoid?: ReadonlySet<number>;
  /** the range for outgoing connections (default: the kernel's) */
  range?: { low: number; high: number };
  random?: () => number;
}

/**
 * A port free now, for a process that will listen on it later. It is drawn below the kernel's range for outgoing
 * connections: a port the kernel gives out (listen on 0) lies in that range, and between the probe and the child's
 * listen an outgoing connection of another process (a Kafka or PostgreSQL client of a sibling starting up) can take
 * it: the child then fails with EADDRINUSE (a cluster test's notifications process did, in CI).
 */
export async function freePort(host: string, options: FreePortOptions = {}): Promise<number> {
  const { avoid = new Set<number>(), random = Math.random } = options;
  const { low } = options.range ?? ephemeralRange();
  if (low - LOWEST >= 1_000) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = LOWEST + Math.floor(random() * (low - LOWEST));
      if (!avoid.has(port) && (await canListen(host, port))) return port;
    }
  }
  return kernelPort(host);
}

/** A port the kernel gives out now (0 asked of it): the last resort when no port below its range was free. */
async function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Rejects, saying what to do, when something already listens on `host:port`. */
export async function assertFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use: stop what runs there, or choose other ports (PORT=9000)`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
