import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Configuration of the embedded system; the only place that reads process.env. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** jurisdiction profile for new appeals */
  APPEALS_PROFILE: z.enum(['kz-appk', 'ru-59fz']).default('kz-appk'),
  /** dev token issuer (POST /api/v1/auth/dev-token); on by default in embedded mode */
  DEV_AUTH: bool.default(true),
  /** how often the deadline watch looks for appeals past their deadline */
  DEADLINE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** standard OpenTelemetry variables: traces go to this OTLP/HTTP endpoint when set */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('appeals-embedded'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; exits naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  // `pnpm start` runs in services/gateway; a relative DATA_DIR means relative to where the command was typed.
  const base = source.INIT_CWD ?? process.cwd();
  const dataDir = isAbsolute(parsed.data.DATA_DIR)
    ? parsed.data.DATA_DIR
    : resolve(base, parsed.data.DATA_DIR);
  return { ...parsed.data, DATA_DIR: dataDir };
}
