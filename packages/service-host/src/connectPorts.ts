import type { Quarantine } from '@appeals/bus';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { ConfigError, type HostEnv, type ServerVariable } from './env';
import type { Probe } from './health';
import { createPostgresIdempotencyStore } from './idempotency';
import { postgresLeadership } from './leader';
import { createPostgresRateLimitStore } from './rateLimitStore';
import { connectBus, connectEventStore, connectVault, connectViews, type Connected } from './infrastructure';
import { serversFor, type HostPorts, type PortName } from './ports';

/** The ports the servers give (the commands are the core's, built on `store` and `vault`). */
export type ServerPorts = Omit<HostPorts, 'commands'>;

export interface ConnectedPorts {
  ports: Partial<ServerPorts>;
  /** one readiness probe per connected server: postgres, kafka, mongodb */
  probes: Record<string, Probe>;
  /** the HTTP edge's rate-limit counts in PostgreSQL, shared by this process's replicas (when it connects to it) */
  rateLimitStore?: Store;
}

/** A server variable the schema left optional because the port was not declared; required now it is. */
function required<K extends ServerVariable>(env: HostEnv, variable: K): NonNullable<HostEnv[K]> {
  const value = env[variable];
  if (value === undefined) throw new ConfigError([{ variable, message: 'is required' }]);
  return value as NonNullable<HostEnv[K]>;
}

/**
 * Connects the servers behind the declared ports, and only those: a service that declares no `bus` opens no
 * Kafka client and `/ready` does not ask the brokers. Each connection is pushed onto `opened` as soon as it is
 * made, so the caller closes what was opened when a later one fails.
 */
export async function connectPorts(
  declared: readonly PortName[],
  env: HostEnv,
  name: string,
  logger: Logger,
  opened: Array<Connected<unknown>>,
): Promise<ConnectedPorts> {
  const servers = serversFor(declared);
  const ports: Partial<ServerPorts> = {};
  const probes: Record<string, Probe> = {};
  let rateLimitStore: Store | undefined;
  let quarantine: Quarantine | undefined;
  if (servers.postgres) {
    const store = await connectEventStore(env, logger);
    opened.push(store);
    quarantine = store.value.quarantine;
    probes.postgres = store.probe;
    ports.store = store.value;
    ports.chain = store.value.chain;
    ports.checkpoints = store.value.checkpoints;
    if (servers.personalData) {
      const vault = await connectVault(
        { ...env, PII_MASTER_KEY: required(env, 'PII_MASTER_KEY') },
        store.value,
      );
      opened.push(vault);
      ports.vault = vault.value;
    }
    if (declared.includes('idempotency'))
      ports.idempotency = await createPostgresIdempotencyStore(store.value.pool, {
        schema: env.POSTGRES_SCHEMA,
      });
    if (declared.includes('leadership'))
      ports.leadership = postgresLeadership({
        connectionString: env.POSTGRES_URL,
        schema: env.POSTGRES_SCHEMA,
        onRoleChange: (work, role) => logger.info({ work, role }, `${work}: this replica is ${role}`),
        onError: (err, context) => logger.warn({ err }, context),
      });
    rateLimitStore = await createPostgresRateLimitStore(store.value.pool, {
      schema: env.POSTGRES_SCHEMA,
      prefix: `${name}:`,
    });
  }
  if (servers.mongodb) {
    const views = await connectViews({ MONGODB_URL: required(env, 'MONGODB_URL') }, name);
    opened.push(views);
    probes.mongodb = views.probe;
    ports.views = views.value;
  }
  if (servers.kafka) {
    // what the consumers can never decode is also kept in the event store's quarantine table (`pnpm quarantine`)
    const bus = connectBus(
      { ...env, KAFKA_BROKERS: required(env, 'KAFKA_BROKERS') },
      name,
      logger,
      quarantine,
    );
    opened.push(bus);
    probes.kafka = bus.probe;
    ports.bus = bus.value;
  }
  return { ports, probes, ...(rateLimitStore ? { rateLimitStore } : {}) };
}
