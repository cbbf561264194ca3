import { z } from 'zod';

/** Options of `pnpm start:cluster` that come from the environment (the launcher passes the rest on to children). */
export const LauncherEnvSchema = z.object({
  /** the gateway's port; the services take the ports after 8081 */
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  POSTGRES_URL: z.string().optional(),
  KAFKA_BROKERS: z.string().optional(),
  MONGODB_URL: z.string().optional(),
  /** the Kafka super user (sets up a namespaced run's ACLs) */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** each process's own Kafka user and password (`name=password` lines, written by infra/local/kafka.sh) */
  KAFKA_USERS_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** copies per process, `routing=2,projections=2` (as `--scale`; the command line wins) */
  REPLICAS: z.string().optional(),
});

/** The launcher's own settings, and the environment its children inherit (PATH, locale, proxies, OTEL_*). */
export function loadLauncherEnv(source: Record<string, string | undefined> = process.env) {
  const parsed = LauncherEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, inherited: { ...source } };
}
