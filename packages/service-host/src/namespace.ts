import { kafkaClientConfig, type KafkaSasl } from '@appeals/bus-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where one isolated deployment (a test run) keeps its data on shared servers. */
export interface Namespace {
  postgresUrl: string;
  /** PostgreSQL schema of the event store, checkpoints and idempotency keys */
  schema: string;
  kafkaBrokers: string;
  /** a Kafka super user (the admin): deletes the namespace's topics, groups and ACLs */
  kafkaSasl?: KafkaSasl | undefined;
  /** KAFKA_NAMESPACE: prefix of its topics and consumer groups */
  kafkaNamespace: string;
  /** the database is the URL's path */
  mongodbUrl: string;
}

/**
 * A fresh namespace on shared servers for one run: schema `<prefix>_<id>`, topics and groups `<prefix>-<id>.`, and the
 * MongoDB database `<prefix>_<id>` (the URL's path replaced). Nothing is created until the run's processes start.
 *
 * @example
 * const ns = isolatedNamespace('chaos', { postgresUrl, kafkaBrokers, mongodbUrl });
 */
export function isolatedNamespace(
  prefix: string,
  servers: Pick<Namespace, 'postgresUrl' | 'kafkaBrokers' | 'mongodbUrl' | 'kafkaSasl'>,
): Namespace {
  const id = randomBytes(4).toString('hex');
  const mongo = new URL(servers.mongodbUrl);
  mongo.pathname = `/${prefix}_${id}`;
  return {
    ...servers,
    schema: `${prefix}_${id}`,
    kafkaNamespace: `${prefix}-${id}`,
    mongodbUrl: mongo.toString(),
  };
}

/**
 * Removes everything an isolated deployment left on the shared servers: its PostgreSQL schema, its Kafka
 * topics and consumer groups, its MongoDB database. For test runs; failures are ignored (cleanup only).
 */
export async function dropNamespace(ns: Namespace): Promise<void> {
  if (ns.schema === 'public' || ns.kafkaNamespace === '') {
    throw new Error('dropNamespace removes isolated namespaces only, never public or the unprefixed topics');
  }
  const prefix = ns.kafkaNamespace.endsWith('.') ? ns.kafkaNamespace : `${ns.kafkaNamespace}.`;
  await Promise.all([
    (async () => {
      const client = new Client({ connectionString: ns.postgresUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${ns.schema.replaceAll('"', '')}" CASCADE`);
      } finally {
        await client.end();
      }
    })().catch(() => undefined),
    (async () => {
      const admin = new Kafka({
        clientId: 'namespace-cleanup',
        ...kafkaClientConfig({ brokers: ns.kafkaBrokers, sasl: ns.kafkaSasl }),
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const groups = (await admin.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => g.startsWith(prefix));
        if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
        if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    })().catch(() => undefined),
    (async () => {
      const client = new MongoClient(ns.mongodbUrl, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.db().dropDatabase();
      } finally {
        await client.close();
      }
    })().catch(() => undefined),
  ]);
}
