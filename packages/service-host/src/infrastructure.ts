import type { Bus, Quarantine } from '@appeals/bus';
import { createKafkaBus, kafkaClientConfig } from '@appeals/bus-kafka';
import { createPostgresEventStore, type PostgresEventStore } from '@appeals/eventstore-postgres';
import { createPostgresKeyStore } from '@appeals/keystore-postgres';
import { createPersonalDataVault, masterKeysFrom, type PersonalDataVault } from '@appeals/personal-data';
import { tracedBus } from '@appeals/observability';
import type { ReadStore } from '@appeals/readstore';
import { createMongoReadStore } from '@appeals/readstore-mongodb';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import type { KafkaSaslConfig } from './env';
import type { Probe } from './health';
import { namespacedBus } from './namespacedBus';

/** A connected dependency: the client, a readiness probe, and how to let it go. */
export interface Connected<T> {
  value: T;
  probe: Probe;
  close(): Promise<void>;
}

/** The PostgreSQL event store (migrated at start) and a `SELECT 1` probe on its pool. */
export async function connectEventStore(
  env: { POSTGRES_URL: string; POSTGRES_SCHEMA: string },
  logger: Logger,
): Promise<Connected<PostgresEventStore>> {
  const store = await createPostgresEventStore({
    connectionString: env.POSTGRES_URL,
    schema: env.POSTGRES_SCHEMA,
    onError: (err) => logger.warn({ err }, 'PostgreSQL connection problem'),
  });
  return {
    value: store,
    probe: async () => {
      await store.pool.query('SELECT 1');
    },
    close: () => store.close(),
  };
}

/**
 * The personal-data vault (ADR 0006): data keys in table `personal_data_keys` of the event store's schema (on its
 * pool, migrated at start), wrapped by the master key from PII_MASTER_KEY.
 */
export async function connectVault(
  env: {
    POSTGRES_SCHEMA: string;
    PII_MASTER_KEY: string;
    PII_MASTER_KEY_ID: string;
    PII_PREVIOUS_MASTER_KEYS?: string | undefined;
  },
  store: PostgresEventStore,
): Promise<Connected<PersonalDataVault>> {
  const masterKeys = masterKeysFrom({
    key: env.PII_MASTER_KEY,
    id: env.PII_MASTER_KEY_ID,
    previous: env.PII_PREVIOUS_MASTER_KEYS,
  });
  const keys = await createPostgresKeyStore({ pool: store.pool, schema: env.POSTGRES_SCHEMA });
  return {
    value: createPersonalDataVault({ keys, masterKeys }),
    probe: async () => undefined, // the event store's probe asks the same pool
    close: () => keys.close(),
  };
}

/**
 * The Kafka bus, namespaced and traced, and a probe asking the brokers through a separate admin client
 * (the Bus port has no health call). The probe's client fails fast and reconnects on the next probe.
 */
export function connectBus(
  env: {
    KAFKA_BROKERS: string[];
    KAFKA_NAMESPACE: string;
    KAFKA_SESSION_TIMEOUT_MS: number;
    KAFKA_HEARTBEAT_INTERVAL_MS: number;
    KAFKA_SSL?: boolean;
    /** this process's Kafka user (KAFKA_SASL_*) */
    kafkaSasl?: KafkaSaslConfig | undefined;
  },
  name: string,
  logger: Logger,
  /** where undecodable messages are recorded besides the quarantine topic (the event store's table) */
  quarantine?: Quarantine,
): Connected<Bus> {
  const kafka = createKafkaBus({
    ...(quarantine ? { quarantine } : {}),
    brokers: env.KAFKA_BROKERS,
    sasl: env.kafkaSasl,
    ssl: env.KAFKA_SSL,
    clientId: name,
    logger,
    consumer: {
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: Math.min(
        env.KAFKA_HEARTBEAT_INTERVAL_MS,
        Math.floor(env.KAFKA_SESSION_TIMEOUT_MS / 3),
      ),
      rebalanceTimeoutMs: Math.max(env.KAFKA_SESSION_TIMEOUT_MS, 5_000),
    },
  });
  const bus = tracedBus(namespacedBus(kafka, env.KAFKA_NAMESPACE));
  const probeClient = new Kafka({
    clientId: `${name}-probe`,
    ...kafkaClientConfig({ brokers: env.KAFKA_BROKERS, sasl: env.kafkaSasl, ssl: env.KAFKA_SSL }),
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  let admin: Promise<Admin> | undefined;
  const connected = () =>
    (admin ??= (async () => {
      const client = probeClient.admin();
      await client.connect();
      return client;
    })());
  const forget = async () => {
    const stale = admin;
    admin = undefined;
    await stale?.then((client) => client.disconnect()).catch(() => undefined);
  };
  return {
    value: bus,
    probe: async () => {
      try {
        const client = await connected();
        const cluster = await client.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('the cluster lists no broker');
      } catch (error) {
        await forget();
        throw error;
      }
    },
    close: async () => {
      await bus.close();
      await forget();
    },
  };
}

/** A collection no view uses: the probe's look-up in it is a round trip to the server and nothing more. */
const PROBE_COLLECTION = '_ready';

/**
 * The MongoDB read store on a client this host owns, and a probe on it: one `find` by _id in the host's own
 * database. Not `ping`: FerretDB (the stand-in for MongoDB on these machines) answers ping by listing every
 * database and collection it holds under its metadata lock, which took 2 to 20 s on a loaded cluster and turned
 * every reader's readiness red while its reads still answered in milliseconds.
 */
export async function connectViews(
  env: { MONGODB_URL: string },
  name: string,
): Promise<Connected<ReadStore>> {
  const client = new MongoClient(env.MONGODB_URL, {
    appName: `appeals-${name}`,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
  });
  await client.connect();
  const views = createMongoReadStore({ client });
  return {
    value: views,
    probe: async () => {
      await client
        .db()
        .collection(PROBE_COLLECTION)
        .findOne({ _id: 'probe' } as object, { projection: { _id: 1 } });
    },
    close: async () => {
      await views.close();
      await client.close();
    },
  };
}
