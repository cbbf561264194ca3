/// <reference types="jest" />
// Tests only: the Kafka broker a test file runs against, and the credentials it connects with.
import { serverUnderTest, type ServerUnderTest } from './server';

export interface KafkaSaslUnderTest {
  mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  username: string;
  password: string;
}

export interface KafkaUnderTest extends ServerUnderTest {
  /** KAFKA_BROKERS */
  brokers: string;
  /** the super user of KAFKA_SASL_* (what `infra/local/kafka.sh env` prints); undefined for a broker without SASL */
  sasl: KafkaSaslUnderTest | undefined;
}

// eslint-disable-next-line no-restricted-properties -- tests take their server's address from the environment
const env = (): NodeJS.ProcessEnv => process.env;

/**
 * `serverUnderTest('KAFKA_BROKERS')` plus the admin credentials from KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
 * KAFKA_SASL_PASSWORD, so every Kafka client of a test authenticates as the local broker requires.
 *
 * @example
 * const kafka = kafkaUnderTest();
 * kafka.describe('…', () => { createKafkaBus({ brokers: kafka.brokers, sasl: kafka.sasl, clientId: 't' }) });
 */
export function kafkaUnderTest(): KafkaUnderTest {
  const server = serverUnderTest('KAFKA_BROKERS');
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = env();
  const sasl =
    mechanism && username && password
      ? { mechanism: mechanism as KafkaSaslUnderTest['mechanism'], username, password }
      : undefined;
  return { ...server, brokers: server.url, sasl };
}

/**
 * The file naming the local broker's per-service and per-agency users and their passwords (KAFKA_USERS_FILE, written
 * by infra/local/kafka.sh; read it with `readUsersFile` of @appeals/bus-kafka). Unset: fails in CI, skips elsewhere.
 */
export const kafkaUsersUnderTest = (): ServerUnderTest =>
  serverUnderTest('KAFKA_USERS_FILE', 'run `pnpm infra:up` and export what `infra/local/all.sh env` prints');
