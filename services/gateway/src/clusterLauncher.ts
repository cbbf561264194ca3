import {
  accessPlan,
  applyAccessPlan,
  kafkaClientConfig,
  removeAccessPlan,
  type KafkaSasl,
  type UserAccess,
} from '@appeals/bus-kafka';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The service processes behind the gateway. */
export const CLUSTER_SERVICES = ['intake', 'routing', 'response', 'audit', 'projections'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];
/** Service processes with no routes behind the gateway (consumers only). */
export const BACKGROUND_SERVICES = ['agency-feed'] as const;
/** Every process the launcher can scale. */
export type ScalableProcess = ClusterService | 'relay' | (typeof BACKGROUND_SERVICES)[number];
export type ProcessName = ScalableProcess | 'gateway';

/** Copies of each process by default: two relays show the standby, one of everything else. */
export const DEFAULT_SCALE: Record<ScalableProcess, number> = {
  relay: 2,
  intake: 1,
  routing: 1,
  response: 1,
  audit: 1,
  projections: 1,
  'agency-feed': 1,
};

/**
 * Copies per process from `NAME=N` items (`--scale routing=2`, or REPLICAS=routing=2,projections=2 split at the
 * commas); a later item for the same name wins. Throws naming the item that is not of that form.
 */
export function parseScale(values: string[]): Partial<Record<ScalableProcess, number>> {
  const scale: Partial<Record<ScalableProcess, number>> = {};
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)$/.exec(value);
    const name = match?.[1] as ScalableProcess | undefined;
    const count = Number(match?.[2]);
    if (!name || !Object.hasOwn(DEFAULT_SCALE, name) || !Number.isInteger(count) || count < 1 || count > 12) {
      throw new Error(
        `scale ${value}: expected NAME=N with NAME one of ${Object.keys(DEFAULT_SCALE).join(', ')} and N from 1 to 12`,
      );
    }
    scale[name] = count;
  }
  return scale;
}

/** Every process but the gateway, in start order. */
const BACKEND = ['relay', ...CLUSTER_SERVICES, ...BACKGROUND_SERVICES] as const;

/** How the processes authenticate to Kafka (SASL/SCRAM). */
export interface ClusterKafkaAccess {
  /** a super user: sets up a namespaced run's ACLs (KAFKA_NAMESPACE), and is every process's user without `users` */
  admin: KafkaSasl;
  /** each process's own user (relay, intake, …, agency-feed) and password, as in KAFKA_USERS_FILE */
  users?: ReadonlyMap<string, string> | undefined;
}

export interface ClusterServers {
  POSTGRES_URL: string;
  KAFKA_BROKERS: string;
  MONGODB_URL: string;
}

export interface LaunchOptions {
  /** the repository root (services/<name>/dist/main.js must be built) */
  root: string;
  servers: ClusterServers;
  scale?: Partial<Record<ScalableProcess, number>>;
  /** the public port (default 8080); 0 takes a free one */
  gatewayPort?: number;
  /** the first port of the processes behind the gateway, counting up (default 8081); 0 takes free ones */
  basePort?: number;
  host?: string;
  /** base environment of every child (PATH and the like); nothing else of the launcher's leaks in */
  inherited?: Record<string, string | undefined>;
  /** more variables for every child (LOG_LEVEL, KAFKA_NAMESPACE, POSTGRES_SCHEMA, timings) */
  env?: Record<string, string>;
  /** signs and verifies dev tokens; generated when absent */
  devAuthSecret?: string;
  /** PII_MASTER_KEY of every service (base64, 32 bytes); PII_MASTER_KEY inherited, else generated (throwaway data) */
  piiMasterKey?: string;
  /** receives every child's output line, prefixed with its name (default: stdout) */
  output?: (line: string) => void;
  /** how long every process gets to report ready (default 90 s) */
  readyTimeoutMs?: number;
  /** node flags of every child (default: source maps, a 256 MB heap) */
  nodeArgs?: string[];
  /** Kafka credentials; unset: the processes connect without SASL */
  kafka?: ClusterKafkaAccess;
}

/** One running child. */
export interface ClusterProcess {
  name: ProcessName;
  index: number;
  /** `routing#2` */
  label: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** resolves with the exit code (or signal name) once the child has exited */
  exited: Promise<number | string>;
}

/** A running cluster: its public URL and control over each process. */
export interface Cluster {
  url: string;
  devAuthSecret: string;
  processes(): ClusterProcess[];
  find(name: ProcessName, index?: number): ClusterProcess;
  /** sends `signal` (default SIGKILL) and waits for the exit */
  kill(name: ProcessName, index?: number, signal?: NodeJS.Signals): Promise<number | string>;
  /** starts the process again on its port and waits until it is ready */
  restart(name: ProcessName, index?: number): Promise<void>;
  /** SIGTERM to the gateway, then to everything else; SIGKILL whatever is still up after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

async function freePort(host: string): Promise<number> {
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

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'v']);

/** A pino JSON line as a person reads it: time, level, message, then the other fields compactly. */
export function humanLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
    const level = LEVELS[entry.level as number] ?? String(entry.level ?? '');
    const rest = Object.entries(entry)
      .filter(([key]) => !QUIET_FIELDS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${time} ${level.padEnd(5)} ${String(entry.msg ?? '')}${rest ? `  ${rest}` : ''}`;
  } catch {
    return line;
  }
}

async function assertFree(host: string, port: number): Promise<void> {
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

async function waitReady(process: ClusterProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void process.exited.then((code) => (exited = code));
  let last = '';
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${process.label} exited (${exited}) before it was ready`);
    try {
      const res = await fetch(`${process.url}/ready`, { signal: AbortSignal.timeout(3_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${process.label} was not ready within ${timeoutMs} ms (last answer: ${last})`);
}

/**
 * Starts the platform as separate processes from their builds (`services/<name>/dist/main.js`): the relays,
 * each service (with copies as `scale` says), then the gateway in front; resolves when the gateway is ready.
 *
 * @example
 * const cluster = await launchCluster({ root, servers, scale: { routing: 3 } });
 * console.log(cluster.url); // http://127.0.0.1:8080
 */
export async function launchCluster(options: LaunchOptions): Promise<Cluster> {
  const host = options.host ?? '127.0.0.1';
  const scale = { ...DEFAULT_SCALE, ...options.scale };
  const output = options.output ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const devAuthSecret = options.devAuthSecret ?? randomBytes(32).toString('base64');
  // every service process must hold the same master key; a random one fits a throwaway run only (ADR 0006)
  const piiMasterKey =
    options.piiMasterKey ?? options.inherited?.PII_MASTER_KEY ?? randomBytes(32).toString('base64');
  const nodeArgs = options.nodeArgs ?? ['--enable-source-maps', '--max-old-space-size=256'];
  const mainOf = (name: ProcessName) => join(options.root, 'services', name, 'dist', 'main.js');
  for (const name of ['gateway', ...BACKEND] as const) {
    if (!existsSync(mainOf(name))) {
      throw new Error(`${mainOf(name)} is missing: build first (pnpm turbo run build)`);
    }
  }

  let nextPort = options.basePort ?? 8081;
  const port = async () => (options.basePort === 0 ? freePort(host) : nextPort++);
  const plan: Array<{ name: ProcessName; index: number; port: number }> = [];
  for (const name of BACKEND) {
    for (let index = 1; index <= scale[name]; index++) plan.push({ name, index, port: await port() });
  }
  const gatewayPort = options.gatewayPort === 0 ? await freePort(host) : (options.gatewayPort ?? 8080);
  for (const p of [...plan.map((entry) => entry.port), gatewayPort]) await assertFree(host, p);
  const urlOf = (p: number) => `http://${host}:${p}`;
  const upstreamEnv = Object.fromEntries(
    CLUSTER_SERVICES.map((name) => [
      `${name.toUpperCase()}_URL`,
      plan
        .filter((p) => p.name === name)
        .map((p) => urlOf(p.port))
        .join(','),
    ]),
  );
  const common: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(options.inherited ?? {}).filter(
        // Kafka credentials are the launcher's to hand out, per process (options.kafka)
        (entry): entry is [string, string] =>
          entry[1] !== undefined && !/^KAFKA_(SASL_|USERS_FILE$)/.test(entry[0]),
      ),
    ),
    ...options.servers,
    HOST: host,
    AUTH_MODE: 'dev',
    DEV_AUTH_SECRET: devAuthSecret,
    PII_MASTER_KEY: piiMasterKey,
    ...options.env,
  };

  const kafkaEnvOf = kafkaCredentials(options.kafka);
  const namespace = options.env?.KAFKA_NAMESPACE ?? '';
  // A namespaced run (a test) has its own topic and group names: give each service user the same rights on them.
  const grants = options.kafka?.users && namespace ? accessPlan({ namespace }) : undefined;
  if (grants) await withKafkaAdmin(options, (admin) => applyAccessPlan(admin, grants));

  const running = new Map<string, ClusterProcess>();
  const spawnProcess = (name: ProcessName, index: number, processPort: number): ClusterProcess => {
    const label = scale[name as ScalableProcess] > 1 ? `${name}#${index}` : name;
    const env = {
      ...common,
      ...(name === 'gateway' ? upstreamEnv : kafkaEnvOf(name)),
      // replicas of projections share the consumer group: a reader waiting on a view also re-reads it (ADR 0007)
      ...(name === 'projections' && scale.projections > 1 ? { VIEW_RECHECK_MS: '50' } : {}),
      PORT: String(processPort),
      OTEL_SERVICE_NAME: name,
    };
    const child = spawn(process.execPath, [...nodeArgs, mainOf(name)], {
      env,
      cwd: options.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops them in order
      detached: true,
    });
    const prefix = `${label.padEnd(14)}| `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => output(prefix + humanLine(line)));
    }
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => {
        const outcome = code ?? signal ?? 'unknown';
        output(`${prefix}exited (${outcome})`);
        resolve(outcome);
      }),
    );
    const started: ClusterProcess = {
      name,
      index,
      label,
      url: urlOf(processPort),
      port: processPort,
      child,
      exited,
    };
    running.set(`${name}#${index}`, started);
    return started;
  };

  const find = (name: ProcessName, index = 1): ClusterProcess => {
    const found = running.get(`${name}#${index}`);
    if (!found) throw new Error(`no process ${name}#${index}`);
    return found;
  };
  const kill = async (name: ProcessName, index = 1, signal: NodeJS.Signals = 'SIGKILL') => {
    const target = find(name, index);
    if (target.child.exitCode === null && target.child.signalCode === null) target.child.kill(signal);
    return target.exited;
  };
  const stopAll = async (graceMs = 20_000) => {
    const stopGroup = async (group: ClusterProcess[]) => {
      await Promise.all(
        group.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          p.child.kill('SIGTERM');
          const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
          await p.exited;
          clearTimeout(timer);
        }),
      );
    };
    const all = [...running.values()];
    await stopGroup(all.filter((p) => p.name === 'gateway'));
    await stopGroup(all.filter((p) => p.name !== 'gateway'));
  };

  try {
    const backend = plan.map((p) => spawnProcess(p.name, p.index, p.port));
    await Promise.all(backend.map((p) => waitReady(p, readyTimeoutMs)));
    const gateway = spawnProcess('gateway', 1, gatewayPort);
    await waitReady(gateway, readyTimeoutMs);
  } catch (error) {
    await stopAll(5_000);
    await revoke(options, grants);
    throw error;
  }

  return {
    url: urlOf(gatewayPort),
    devAuthSecret,
    processes: () => [...running.values()],
    find,
    kill,
    async restart(name, index = 1) {
      const previous = find(name, index);
      if (previous.child.exitCode === null && previous.child.signalCode === null) {
        throw new Error(`${previous.label} is still running`);
      }
      const again = spawnProcess(name, index, previous.port);
      await waitReady(again, readyTimeoutMs);
    },
    async stop(graceMs) {
      await stopAll(graceMs);
      await revoke(options, grants);
    },
  };
}

/** KAFKA_SASL_* of each process: its own user when `users` names it, else the admin; nothing without `kafka`. */
function kafkaCredentials(
  kafka: ClusterKafkaAccess | undefined,
): (name: ProcessName) => Record<string, string> {
  if (!kafka) return () => ({});
  const { admin, users } = kafka;
  if (users) {
    const missing = BACKEND.filter((name) => !users.has(name));
    if (missing.length > 0) throw new Error(`the Kafka users file has no user for ${missing.join(', ')}`);
  }
  return (name) => ({
    KAFKA_SASL_MECHANISM: admin.mechanism,
    KAFKA_SASL_USERNAME: users ? name : admin.username,
    KAFKA_SASL_PASSWORD: users ? users.get(name)! : admin.password,
  });
}

async function withKafkaAdmin<T>(options: LaunchOptions, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({
    clientId: 'cluster-launcher',
    ...kafkaClientConfig({ brokers: options.servers.KAFKA_BROKERS, sasl: options.kafka?.admin }),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Removes a namespaced run's ACLs (cleanup: a failure is not the run's). */
async function revoke(options: LaunchOptions, grants: UserAccess[] | undefined): Promise<void> {
  if (grants)
    await withKafkaAdmin(options, (admin) => removeAccessPlan(admin, grants)).catch(() => undefined);
}
