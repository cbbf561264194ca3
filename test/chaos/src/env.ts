import { missingBuilds } from '@appeals/launcher';
import { resolve } from 'node:path';
import type { ChaosServers } from './chaos';

const ROOT = resolve(__dirname, '../../..');

/** The servers from the environment (what infra/local/all.sh env prints), or why the run cannot start. */
export function loadChaosEnv(env: Record<string, string | undefined> = process.env): ChaosServers | string {
  const { POSTGRES_URL, KAFKA_BROKERS, MONGODB_URL } = env;
  if (!POSTGRES_URL || !KAFKA_BROKERS || !MONGODB_URL)
    return 'POSTGRES_URL, KAFKA_BROKERS and MONGODB_URL are not all set: pnpm infra:up, then export what infra/local/all.sh env prints';
  const missing = missingBuilds(ROOT);
  if (missing.length > 0) return `services/{${missing.join(',')}}/dist/main.js missing: run pnpm build first`;
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = env;
  return {
    postgresUrl: POSTGRES_URL,
    kafkaBrokers: KAFKA_BROKERS,
    mongodbUrl: MONGODB_URL,
    kafkaSasl:
      mechanism && username && password
        ? ({ mechanism, username, password } as ChaosServers['kafkaSasl'])
        : undefined,
    kafkaUsersFile: env.KAFKA_USERS_FILE,
    path: env.PATH,
  };
}
