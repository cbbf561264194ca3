import { isAbsolute, resolve } from 'node:path';
import { HttpEdgeEnvShape } from '@appeals/http';
import { authConfig, type AuthConfig } from '@appeals/service-host/env';
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
  /** the catalog (agencies, categories, regions, routing rules) as a JSON file; the demo seed when unset */
  CATALOG_FILE: z.string().min(1).optional(),
  /** dev token issuer (POST /api/v1/auth/dev-token); on by default in embedded mode, refused with AUTH_MODE=oidc */
  DEV_AUTH: bool.optional(),
  /** 'dev' (default): dev tokens; 'oidc': the identity provider's tokens (OIDC_* as for the services) */
  AUTH_MODE: z.enum(['dev', 'oidc']).default('dev'),
  ...HttpEdgeEnvShape,
  /** how often the deadline watch looks for appeals past their deadline */
  DEADLINE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** personal-data master key (base64, 32 bytes); DATA_DIR/pii-master.key (created on first start) when unset */
  PII_MASTER_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: 'must be base64 of exactly 32 random bytes',
    })
    .optional(),
  /** standard OpenTelemetry variables: traces go to this OTLP/HTTP endpoint when set */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('appeals-embedded'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** the built web app served at `/` (default services/web/dist) */
  WEB_DIST_DIR: z.string().min(1).optional(),
});
export type Env = Omit<z.infer<typeof EnvSchema>, 'DEV_AUTH'> & {
  DEV_AUTH: boolean;
  /** the identity provider, when AUTH_MODE=oidc */
  oidc?: Extract<AuthConfig, { mode: 'oidc' }>;
};

/** Parses the environment; throws naming each bad variable (OIDC_* when AUTH_MODE=oidc, DEV_AUTH=true with it). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  let oidc: Env['oidc'];
  if (parsed.success && parsed.data.AUTH_MODE === 'oidc') {
    if (parsed.data.DEV_AUTH === true)
      lines.push('  DEV_AUTH: must not be true when AUTH_MODE=oidc (dev tokens are refused in production)');
    const auth = authConfig(source);
    lines.push(...auth.problems.map((p) => `  ${p.variable}: ${p.message}`));
    if (auth.auth?.mode === 'oidc') oidc = auth.auth;
  }
  if (!parsed.success || lines.length > 0) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  // `pnpm start` runs in services/gateway; a relative DATA_DIR means relative to where the command was typed.
  const base = source.INIT_CWD ?? process.cwd();
  const fromBase = (dir: string) => (isAbsolute(dir) ? dir : resolve(base, dir));
  return {
    ...parsed.data,
    DATA_DIR: fromBase(parsed.data.DATA_DIR),
    ...(parsed.data.WEB_DIST_DIR ? { WEB_DIST_DIR: fromBase(parsed.data.WEB_DIST_DIR) } : {}),
    ...(parsed.data.CATALOG_FILE ? { CATALOG_FILE: fromBase(parsed.data.CATALOG_FILE) } : {}),
    DEV_AUTH: parsed.data.DEV_AUTH ?? parsed.data.AUTH_MODE === 'dev',
    ...(oidc ? { oidc } : {}),
  };
}

const upstreamList = (name: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `is required: where the ${name} service answers` : undefined),
    })
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().refine((url) => /^https?:\/\//.test(url) && URL.canParse(url), 'must be an http(s) URL'),
        )
        .min(1, 'names no URL'),
    );

/**
 * Configuration of the gateway in cluster mode (`node services/gateway/dist/main.js`): the services it proxies to
 * (one URL each, or several separated by commas, taken in turn), and the dev-token route when AUTH_MODE=dev.
 */
export const ClusterEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  INTAKE_URL: upstreamList('intake'),
  ROUTING_URL: upstreamList('routing'),
  RESPONSE_URL: upstreamList('response'),
  AUDIT_URL: upstreamList('audit'),
  PROJECTIONS_URL: upstreamList('projections'),
  /** an upstream that has not answered within this long gets a 504 (default 30 s) */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  AUTH_MODE: z.enum(['dev', 'oidc'], {
    error: (i) => (i.input === undefined ? "is required ('dev' or 'oidc')" : "must be 'dev' or 'oidc'"),
  }),
  /** signs dev tokens (AUTH_MODE=dev); the services verify them with the same secret */
  DEV_AUTH_SECRET: z.string().optional(),
  CORS_ORIGINS: HttpEdgeEnvShape.CORS_ORIGINS,
  RATE_LIMIT_PER_WINDOW: HttpEdgeEnvShape.RATE_LIMIT_PER_WINDOW,
  RATE_LIMIT_WINDOW_SECONDS: HttpEdgeEnvShape.RATE_LIMIT_WINDOW_SECONDS,
  /** where gateway replicas count the rate limit together (table `rate_limits`); absent: each in its memory */
  POSTGRES_URL: z.string().min(1).optional(),
  POSTGRES_SCHEMA: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain identifier')
    .default('public'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('gateway'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  /** the built web app served at `/` (default services/web/dist) */
  WEB_DIST_DIR: z.string().min(1).optional(),
});
export type ClusterEnv = z.infer<typeof ClusterEnvSchema> & { devSecret?: Uint8Array };

/** Parses the cluster gateway's environment; throws naming each bad variable (DEV_AUTH_SECRET when dev). */
export function loadClusterEnv(source: Record<string, string | undefined> = process.env): ClusterEnv {
  const env = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = ClusterEnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '(environment)')}: ${i.message}`);
  // only the dev secret matters here: the gateway passes tokens through, the services verify them
  const auth = env.AUTH_MODE === 'dev' ? authConfig(env) : { problems: [] };
  problems.push(...auth.problems.map((p) => `  ${p.variable}: ${p.message}`));
  if (!parsed.success || problems.length > 0)
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    ...parsed.data,
    ...(auth.auth?.mode === 'dev' ? { devSecret: auth.auth.secret } : {}),
  };
}
