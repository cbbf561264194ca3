import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** SASL mechanisms the platform's clients speak (the local broker and the manifests use scram-sha-512). */
export const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** One Kafka user's credentials. */
export interface KafkaSasl {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

/** How a client reaches the brokers: addresses, and optionally SASL credentials and TLS. */
export interface KafkaConnection {
  /** `['127.0.0.1:59092']` or `'host1:9092,host2:9092'` */
  brokers: string[] | string;
  /** authenticate as this user (SASL); unset: no authentication (a broker without SASL listeners) */
  sasl?: KafkaSasl | undefined;
  /** TLS to the brokers (SASL_SSL in production) */
  ssl?: boolean | undefined;
}

/** The broker list of a connection, trimmed, without empty entries. */
export function brokerList(brokers: string[] | string): string[] {
  return (typeof brokers === 'string' ? brokers.split(',') : brokers)
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/**
 * The kafkajs client settings of a connection: every Kafka client of the platform (the bus, readiness probes,
 * test cleanup, the launcher's ACL set-up) is built from these, so SASL and TLS are configured in one place.
 *
 * @example
 * new Kafka({ clientId: 'probe', ...kafkaClientConfig({ brokers: env.KAFKA_BROKERS, sasl: env.kafkaSasl }) });
 */
export function kafkaClientConfig(
  connection: KafkaConnection,
): Pick<KafkaConfig, 'brokers' | 'sasl' | 'ssl'> {
  const brokers = brokerList(connection.brokers);
  if (brokers.length === 0) throw new TypeError('brokers must name at least one host:port');
  const config: Pick<KafkaConfig, 'brokers' | 'sasl' | 'ssl'> = { brokers };
  if (connection.sasl) {
    const { mechanism, username, password } = connection.sasl;
    if (!SASL_MECHANISMS.includes(mechanism)) {
      throw new TypeError(`sasl.mechanism must be one of ${SASL_MECHANISMS.join(', ')}`);
    }
    if (!username || !password) throw new TypeError('sasl needs a username and a password');
    config.sasl = { mechanism, username, password } as SASLOptions;
  }
  if (connection.ssl) config.ssl = true;
  return config;
}
