import { readUsersFile, type KafkaSasl } from '@appeals/bus-kafka';
import { launchCluster, missingBuilds, type ScalableProcess } from '@appeals/launcher';
import { dropNamespace, isolatedNamespace } from '@appeals/service-host/namespace';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { baseEnv, BENCH_DIR, freePort, ROOT, startProcess, TSX } from './processes';

/** A system under test, started as its own process(es): where the driver sends appeals, and how to stop it. */
export interface SystemUnderTest {
  /** base of `POST /appeals`, `GET /appeals/{id}` */
  base: string;
  /** pid of the process that does the work (CPU figures); undefined for a cluster */
  pid?: number | undefined;
  /** ms from spawn until /health answered */
  healthMs: number;
  /** the last lines the process wrote (for a failure message) */
  tail?: () => string;
  /** a cluster's processes (label and pid), for CPU figures per process */
  processes?: () => Array<{ label: string; pid: number }>;
  stop(): Promise<void>;
}

/** express + better-sqlite3 (WAL) in its own process: the anchor of the ratios. */
export async function startBaseline(dir: string): Promise<SystemUnderTest> {
  const port = await freePort();
  const started = await startProcess({
    name: 'CRUD baseline',
    args: [...TSX, join(__dirname, 'crudBaseline.ts'), join(dir, `crud-${randomUUID()}.db`), String(port)],
    env: baseEnv(),
    cwd: BENCH_DIR,
    healthUrl: `http://127.0.0.1:${port}/health`,
    timeoutMs: 30_000,
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: started.child.pid,
    healthMs: started.healthMs,
    stop: started.stop,
  };
}

/**
 * The embedded system as the README starts it: the gateway's `start` script (`tsx src/main.ts` in
 * services/gateway) on a data folder, here with a free port, the rate limit off (one client address files all the
 * appeals) and warnings only in the log.
 */
export async function startEmbedded(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<SystemUnderTest> {
  const port = await freePort();
  const started = await startProcess({
    name: 'embedded system',
    args: [...TSX, 'src/main.ts'],
    env: {
      ...baseEnv(),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_WINDOW: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    cwd: join(ROOT, 'services/gateway'),
    healthUrl: `http://127.0.0.1:${port}/health`,
    timeoutMs,
  });
  return {
    base: `http://127.0.0.1:${port}/api/v1`,
    pid: started.child.pid,
    healthMs: started.healthMs,
    tail: started.tail,
    stop: started.stop,
  };
}

/** The admin's Kafka credentials (what infra/local/kafka.sh env prints), when the broker wants SASL. */
export function kafkaSaslFromEnv(): KafkaSasl | undefined {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = process.env;
  return mechanism && username && password ? ({ mechanism, username, password } as KafkaSasl) : undefined;
}

export interface ClusterServers {
  POSTGRES_URL: string;
  KAFKA_BROKERS: string;
  MONGODB_URL: string;
}

/** The servers of cluster mode from the environment, or why the cluster cannot run here. */
export function clusterServers(): ClusterServers | string {
  const { POSTGRES_URL, KAFKA_BROKERS, MONGODB_URL } = process.env;
  if (!POSTGRES_URL || !KAFKA_BROKERS || !MONGODB_URL)
    return 'POSTGRES_URL, KAFKA_BROKERS and MONGODB_URL are not all set (pnpm infra:up, then export what infra/local/all.sh env prints)';
  const missing = missingBuilds(ROOT);
  if (missing.length > 0) return `services/{${missing.join(',')}}/dist/main.js missing: run pnpm build first`;
  return { POSTGRES_URL, KAFKA_BROKERS, MONGODB_URL };
}

/**
 * The cluster as `pnpm start:cluster` launches it (@appeals/launcher: every process from its build), in a
 * namespace of its own (PostgreSQL schema, Kafka topic prefix, MongoDB database) dropped at stop.
 */
export async function startClusterSystem(
  servers: ClusterServers,
  scale: Partial<Record<ScalableProcess, number>> = {},
  nodeArgs?: string[],
): Promise<SystemUnderTest> {
  const namespace = isolatedNamespace('bench', {
    postgresUrl: servers.POSTGRES_URL,
    kafkaBrokers: servers.KAFKA_BROKERS,
    kafkaSasl: kafkaSaslFromEnv(),
    mongodbUrl: servers.MONGODB_URL,
  });
  const usersFile = process.env.KAFKA_USERS_FILE;
  const t0 = performance.now();
  const cluster = await launchCluster({
    root: ROOT,
    servers: { ...servers, MONGODB_URL: namespace.mongodbUrl },
    scale,
    gatewayPort: 0,
    basePort: 0,
    inherited: { PATH: process.env.PATH },
    env: {
      POSTGRES_SCHEMA: namespace.schema,
      KAFKA_NAMESPACE: namespace.kafkaNamespace,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_WINDOW: '0', // one client address files everything: measure the platform, not the limiter
    },
    ...(namespace.kafkaSasl
      ? { kafka: { admin: namespace.kafkaSasl, users: usersFile ? readUsersFile(usersFile) : undefined } }
      : {}),
    output: () => undefined,
    readyTimeoutMs: 120_000,
    ...(nodeArgs ? { nodeArgs } : {}),
  }).catch(async (error: unknown) => {
    await dropNamespace(namespace);
    throw error;
  });
  return {
    base: `${cluster.url}/api/v1`,
    healthMs: performance.now() - t0,
    processes: () =>
      cluster
        .processes()
        .filter((p) => p.child.pid !== undefined)
        .map((p) => ({ label: p.label, pid: p.child.pid! })),
    async stop() {
      await cluster.stop(10_000);
      await dropNamespace(namespace);
    },
  };
}
