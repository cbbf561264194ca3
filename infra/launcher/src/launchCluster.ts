import { generateSigningKey } from '@appeals/chain';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createChildren, waitReady, type ClusterProcess } from './children';
import { grantNamespace, kafkaCredentials, revokeNamespace, type ClusterKafkaAccess } from './kafkaAccess';
import { assertFree, freePort } from './ports';
import { BACKEND, CLUSTER_SERVICES, DEFAULT_SCALE, type ProcessName, type ScalableProcess } from './scale';

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
  /**
   * CHAIN_SIGNING_KEY of the audit processes (an Ed25519 private key, PEM), which sign the checkpoints of the
   * tamper-evident history (ADR 0005); CHAIN_SIGNING_KEY inherited, else generated (throwaway data)
   */
  chainSigningKey?: string;
  /** receives every child's output line, prefixed with its name (default: stdout) */
  output?: (line: string) => void;
  /** how long every process gets to report ready (default 90 s) */
  readyTimeoutMs?: number;
  /** node flags of every child (default: source maps, a 256 MB heap) */
  nodeArgs?: string[];
  /** Kafka credentials; unset: the processes connect without SASL */
  kafka?: ClusterKafkaAccess;
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

const mainFile = (root: string, name: ProcessName) => join(root, 'services', name, 'dist', 'main.js');

/** The processes of the cluster whose build (`services/<name>/dist/main.js` under `root`) is missing. */
export function missingBuilds(root: string): ProcessName[] {
  return (['gateway', ...BACKEND] as const).filter((name) => !existsSync(mainFile(root, name)));
}

interface PlannedProcess {
  name: ProcessName;
  index: number;
  port: number;
}

/** A port for every copy of every backend process, and the gateway's; each checked free. */
async function planPorts(
  options: LaunchOptions,
  scale: Record<ScalableProcess, number>,
  host: string,
): Promise<{ plan: PlannedProcess[]; gatewayPort: number }> {
  let nextPort = options.basePort ?? 8081;
  const planned = new Set<number>();
  const take = (port: number) => (planned.add(port), port);
  const port = async () =>
    take(options.basePort === 0 ? await freePort(host, { avoid: planned }) : nextPort++);
  const plan: PlannedProcess[] = [];
  for (const name of BACKEND) {
    for (let index = 1; index <= scale[name]; index++) plan.push({ name, index, port: await port() });
  }
  const gatewayPort =
    options.gatewayPort === 0
      ? take(await freePort(host, { avoid: planned }))
      : (options.gatewayPort ?? 8080);
  for (const p of [...plan.map((entry) => entry.port), gatewayPort]) await assertFree(host, p);
  return { plan, gatewayPort };
}

/** What every child gets: the inherited environment (less Kafka credentials), the servers, auth, the master key. */
function commonEnv(
  options: LaunchOptions,
  host: string,
  secrets: { devAuthSecret: string; piiMasterKey: string },
): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(options.inherited ?? {}).filter(
        // Kafka credentials are the launcher's to hand out, per process (options.kafka)
        (entry): entry is [string, string] =>
          entry[1] !== undefined && !/^(KAFKA_(SASL_|USERS_FILE$)|CHAIN_SIGNING_KEY$)/.test(entry[0]),
      ),
    ),
    ...options.servers,
    HOST: host,
    AUTH_MODE: 'dev',
    DEV_AUTH_SECRET: secrets.devAuthSecret,
    PII_MASTER_KEY: secrets.piiMasterKey,
    ...options.env,
  };
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
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const devAuthSecret = options.devAuthSecret ?? randomBytes(32).toString('base64');
  // every service process must hold the same master key; a random one fits a throwaway run only (ADR 0006)
  const piiMasterKey =
    options.piiMasterKey ?? options.inherited?.PII_MASTER_KEY ?? randomBytes(32).toString('base64');
  const mainOf = (name: ProcessName) => mainFile(options.root, name);
  const missing = missingBuilds(options.root);
  if (missing.length > 0)
    throw new Error(`${mainOf(missing[0]!)} is missing: build first (pnpm turbo run build)`);

  const { plan, gatewayPort } = await planPorts(options, scale, host);
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
  const chainSigningKey =
    options.chainSigningKey ?? options.inherited?.CHAIN_SIGNING_KEY ?? generateSigningKey().privateKeyPem;
  const common = commonEnv(options, host, { devAuthSecret, piiMasterKey });
  const kafkaEnvOf = kafkaCredentials(options.kafka);
  const brokers = options.servers.KAFKA_BROKERS;
  const grants = await grantNamespace(brokers, options.kafka, options.env?.KAFKA_NAMESPACE ?? '');

  const children = createChildren({
    root: options.root,
    mainOf,
    nodeArgs: options.nodeArgs ?? ['--enable-source-maps', '--max-old-space-size=256'],
    output: options.output ?? ((line: string) => void process.stdout.write(`${line}\n`)),
    urlOf,
    labelOf: (name, index) => (scale[name as ScalableProcess] > 1 ? `${name}#${index}` : name),
    envOf: (name, port) => ({
      ...common,
      ...(name === 'gateway' ? upstreamEnv : kafkaEnvOf(name)),
      // only the audit process signs checkpoints; no other process gets the private key
      ...(name === 'audit' ? { CHAIN_SIGNING_KEY: chainSigningKey } : {}),
      // replicas of projections share the consumer group: a reader waiting on a view also re-reads it (ADR 0007)
      ...(name === 'projections' && scale.projections > 1 ? { VIEW_RECHECK_MS: '50' } : {}),
      PORT: String(port),
      OTEL_SERVICE_NAME: name,
    }),
  });

  try {
    const backend = plan.map((p) => children.spawn(p.name, p.index, p.port));
    await Promise.all(backend.map((p) => waitReady(p, readyTimeoutMs)));
    const gateway = children.spawn('gateway', 1, gatewayPort);
    await waitReady(gateway, readyTimeoutMs);
  } catch (error) {
    await children.stopAll(5_000);
    await revokeNamespace(brokers, options.kafka, grants);
    throw error;
  }

  return {
    url: urlOf(gatewayPort),
    devAuthSecret,
    processes: children.all,
    find: children.find,
    kill: children.kill,
    async restart(name, index = 1) {
      const previous = children.find(name, index);
      if (previous.child.exitCode === null && previous.child.signalCode === null) {
        throw new Error(`${previous.label} is still running`);
      }
      const again = children.spawn(name, index, previous.port);
      await waitReady(again, readyTimeoutMs);
    },
    async stop(graceMs) {
      await children.stopAll(graceMs);
      await revokeNamespace(brokers, options.kafka, grants);
    },
  };
}
