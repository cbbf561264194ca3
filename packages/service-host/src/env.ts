import { ASYMMETRIC_ALGORITHMS, HttpEdgeEnvShape, type ClaimNames } from '@appeals/http';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HOST_PORT = /^[^\s:,/]+:\d{1,5}$/;
const PG_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** "is required" for a missing variable instead of zod's "expected string, received undefined". */
const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : undefined),
};

const url = (protocols: RegExp, example: string) =>
  z
    .string(required)
    .refine((value) => protocols.test(value) && URL.canParse(value), `must be a URL like ${example}`);

/** Every variable a platform process may read; each process validates the ones it uses ({@link loadEnv}). */
export const ServiceEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** the event store */
  POSTGRES_URL: url(/^postgres(ql)?:\/\//, 'postgres://user:password@host:5432/db'),
  /** schema of the event store's tables (isolates test runs sharing one database) */
  POSTGRES_SCHEMA: z.string().regex(PG_IDENTIFIER, 'must be a plain identifier').default('public'),
  /** bootstrap brokers, host:port separated by commas */
  KAFKA_BROKERS: z
    .string(required)
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(HOST_PORT, 'each broker must be host:port')).min(1, 'names no broker')),
  /** prefix of every topic and consumer group this process uses; empty in production (isolates test runs) */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/, 'may hold only letters, digits, ".", "_" and "-"')
    .default(''),
  /** SASL authentication to the brokers: all three, or none (a broker without SASL listeners) */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** TLS to the brokers (SASL_SSL) */
  KAFKA_SSL: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  /** a consumer the broker has not heard from for this long is dropped and its partitions reassigned */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** the read views (MongoDB or FerretDB); the database is the URL's path */
  MONGODB_URL: url(/^mongodb(\+srv)?:\/\//, 'mongodb://host:27017/appeals'),
  /**
   * the master key that wraps applicants' data keys (ADR 0006): base64 of 32 random bytes, the same in every
   * service process; from a secret store, never in the image
   */
  PII_MASTER_KEY: z
    .string(required)
    .refine((value) => BASE64.test(value) && Buffer.from(value, 'base64').length === 32, {
      message: 'must be base64 of exactly 32 random bytes (openssl rand -base64 32)',
    }),
  /** the id stored with every data key the master key wraps; change it with the key when rotating */
  PII_MASTER_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"')
    .default('k1'),
  /** retired master keys still needed until every data key is re-wrapped: `id:base64,id:base64` */
  PII_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /** jurisdiction profile of new appeals */
  APPEALS_PROFILE: z.enum(['kz-appk', 'ru-59fz']).default('kz-appk'),
  /** the catalog (agencies, categories, regions, routing rules) as a JSON file; the demo seed when unset */
  CATALOG_FILE: z.string().min(1).optional(),
  /** 'dev': HS256 dev tokens signed with DEV_AUTH_SECRET; 'oidc': tokens of the identity provider (JWKS) */
  AUTH_MODE: z.enum(['dev', 'oidc'], {
    error: (i) => (i.input === undefined ? "is required ('dev' or 'oidc')" : "must be 'dev' or 'oidc'"),
  }),
  DEV_AUTH_SECRET: z.string().optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_JWKS_URI: z.string().optional(),
  OIDC_AUDIENCE: z.string().optional(),
  /** accepted signature algorithms, comma-separated; asymmetric only */
  OIDC_ALGORITHMS: z.string().optional(),
  /** seconds of clock skew allowed on exp/nbf */
  OIDC_CLOCK_TOLERANCE_SECONDS: z.string().optional(),
  /** dotted claim paths of role, agency and display name (Keycloak realm roles: realm_access.roles) */
  OIDC_ROLE_CLAIM: z.string().optional(),
  OIDC_AGENCY_CLAIM: z.string().optional(),
  OIDC_NAME_CLAIM: z.string().optional(),
  ...HttpEdgeEnvShape,
  /** standard OpenTelemetry variables: traces go to this OTLP/HTTP endpoint when set */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** how often the deadline watch looks for appeals past their deadline */
  DEADLINE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** a graceful stop taking longer than this ends the process with exit code 1 */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
});
export type ServiceEnv = z.infer<typeof ServiceEnvSchema>;

/** What the relay reads: no read views, no tokens, no personal-data keys (it relays ciphertext). */
export const RelayEnvSchema = ServiceEnvSchema.omit({
  MONGODB_URL: true,
  PII_MASTER_KEY: true,
  PII_MASTER_KEY_ID: true,
  PII_PREVIOUS_MASTER_KEYS: true,
  APPEALS_PROFILE: true,
  CATALOG_FILE: true,
  AUTH_MODE: true,
  DEV_AUTH_SECRET: true,
  OIDC_ISSUER: true,
  OIDC_JWKS_URI: true,
  OIDC_AUDIENCE: true,
  OIDC_ALGORITHMS: true,
  OIDC_CLOCK_TOLERANCE_SECONDS: true,
  OIDC_ROLE_CLAIM: true,
  OIDC_AGENCY_CLAIM: true,
  OIDC_NAME_CLAIM: true,
  CORS_ORIGINS: true,
  RATE_LIMIT_PER_WINDOW: true,
  RATE_LIMIT_WINDOW_SECONDS: true,
  BODY_LIMIT: true,
  DEADLINE_SWEEP_SECONDS: true,
});
export type RelayEnv = z.infer<typeof RelayEnvSchema>;

/** How a process verifies bearer tokens, decided by AUTH_MODE. */
export type AuthConfig =
  | { mode: 'dev'; secret: Uint8Array }
  | {
      mode: 'oidc';
      issuer: string;
      jwksUri: string;
      audience: string;
      algorithms: string[];
      clockToleranceSeconds: number;
      claims: ClaimNames;
    };

const OIDC_VARIABLES = [
  'OIDC_ISSUER',
  'OIDC_JWKS_URI',
  'OIDC_AUDIENCE',
  'OIDC_ALGORITHMS',
  'OIDC_CLOCK_TOLERANCE_SECONDS',
  'OIDC_ROLE_CLAIM',
  'OIDC_AGENCY_CLAIM',
  'OIDC_NAME_CLAIM',
] as const;
const CLAIM_PATH = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;

/** Kafka SASL credentials as the bus takes them. */
export interface KafkaSaslConfig {
  mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  username: string;
  password: string;
}

/** The KAFKA_SASL_* variables: all three set (credentials), or none (no SASL). */
export function kafkaSaslConfig(source: Source): { sasl?: KafkaSaslConfig; problems: EnvProblem[] } {
  const env = withoutEmpty(source);
  const names = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const;
  const given = names.filter((name) => env[name] !== undefined);
  if (given.length === 0) return { problems: [] };
  if (given.length < names.length) {
    return {
      problems: names
        .filter((name) => env[name] === undefined)
        .map((variable) => ({
          variable,
          message: `is required when ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set`,
        })),
    };
  }
  return {
    sasl: {
      mechanism: env.KAFKA_SASL_MECHANISM as KafkaSaslConfig['mechanism'],
      username: env.KAFKA_SASL_USERNAME!,
      password: env.KAFKA_SASL_PASSWORD!,
    },
    problems: [],
  };
}

/** One bad variable and what is wrong with it. */
export interface EnvProblem {
  variable: string;
  message: string;
}

/** The configuration is invalid; the message lists every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
  get variables(): string[] {
    return this.problems.map((p) => p.variable);
  }
}

type Source = Record<string, string | undefined>;

/** An empty value means unset (compose and ConfigMaps write `NAME:` for "not given"). */
const withoutEmpty = (source: Source): Source =>
  Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );

const issuesOf = (error: z.ZodError): EnvProblem[] =>
  error.issues.map(({ path: [variable, ...inside], message }) => ({
    variable: variable === undefined ? '(environment)' : String(variable),
    // KAFKA_BROKERS is a list: say which entry
    message: inside.length > 0 ? `entry ${Number(inside[0]) + 1}: ${message}` : message,
  }));

/** The AUTH_MODE-dependent variables: DEV_AUTH_SECRET for dev, OIDC_* for oidc. */
export function authConfig(source: Source): { auth?: AuthConfig; problems: EnvProblem[] } {
  const env = withoutEmpty(source);
  const problems: EnvProblem[] = [];
  if (env.AUTH_MODE === 'dev') {
    // one way to sign in per deployment: an OIDC setting next to dev tokens is a mistake, not a fallback
    for (const name of OIDC_VARIABLES)
      if (env[name] !== undefined)
        problems.push({ variable: name, message: 'must not be set when AUTH_MODE=dev (dev tokens only)' });
    const secret = env.DEV_AUTH_SECRET;
    if (secret === undefined) {
      problems.push({
        variable: 'DEV_AUTH_SECRET',
        message:
          'is required when AUTH_MODE=dev (base64 of at least 32 random bytes, the same for every process)',
      });
    } else if (!BASE64.test(secret) || Buffer.from(secret, 'base64').length < 32) {
      problems.push({ variable: 'DEV_AUTH_SECRET', message: 'must be base64 of at least 32 bytes' });
    } else if (problems.length === 0) {
      return { auth: { mode: 'dev', secret: new Uint8Array(Buffer.from(secret, 'base64')) }, problems };
    }
    return { problems };
  }
  if (env.AUTH_MODE === 'oidc') {
    const need = (name: 'OIDC_ISSUER' | 'OIDC_JWKS_URI' | 'OIDC_AUDIENCE', isUrl: boolean) => {
      const value = env[name];
      if (value === undefined) problems.push({ variable: name, message: 'is required when AUTH_MODE=oidc' });
      else if (isUrl && !/^https?:\/\//.test(value))
        problems.push({ variable: name, message: 'must be an http(s) URL' });
      return value ?? '';
    };
    // DEV_AUTH_SECRET is ignored here (compose passes a default to every mode): no dev-token route is mounted and the
    // JWKS verifier accepts asymmetric algorithms only, so an HS256 token never passes whatever the secret
    const issuer = need('OIDC_ISSUER', true);
    const jwksUri = need('OIDC_JWKS_URI', true);
    const audience = need('OIDC_AUDIENCE', false);
    const algorithms = (env.OIDC_ALGORITHMS ?? 'RS256,PS256,ES256,EdDSA')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const refused = algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
    if (algorithms.length === 0 || refused.length > 0)
      problems.push({
        variable: 'OIDC_ALGORITHMS',
        message: `must list asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')})${refused.length ? `; refused: ${refused.join(', ')}` : ''}`,
      });
    const tolerance = Number(env.OIDC_CLOCK_TOLERANCE_SECONDS ?? '5');
    if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300)
      problems.push({ variable: 'OIDC_CLOCK_TOLERANCE_SECONDS', message: 'must be a whole number 0–300' });
    const claim = (name: 'OIDC_ROLE_CLAIM' | 'OIDC_AGENCY_CLAIM' | 'OIDC_NAME_CLAIM', fallback: string) => {
      const value = env[name] ?? fallback;
      if (!CLAIM_PATH.test(value))
        problems.push({
          variable: name,
          message: 'must be a claim name or a dotted path like realm_access.roles',
        });
      return value;
    };
    const claims: ClaimNames = {
      role: claim('OIDC_ROLE_CLAIM', 'role'),
      agency: claim('OIDC_AGENCY_CLAIM', 'agency_id'),
      name: claim('OIDC_NAME_CLAIM', 'name'),
    };
    return problems.length
      ? { problems }
      : {
          auth: {
            mode: 'oidc',
            issuer,
            jwksUri,
            audience,
            algorithms,
            clockToleranceSeconds: tolerance,
            claims,
          },
          problems,
        };
  }
  return { problems }; // AUTH_MODE itself is reported by the schema
}

/**
 * Validates `source` against `schema`; throws a {@link ConfigError} naming every bad variable at once,
 * AUTH_MODE's dependent variables included when the schema has AUTH_MODE. The only reader of process.env.
 *
 * @example
 * const env = loadEnv(ServiceEnvSchema); // throws "Invalid configuration:\n  POSTGRES_URL: is required\n  ..."
 */
export function loadEnv<S extends z.ZodObject>(
  schema: S,
  source: Source = process.env,
): z.infer<S> & { auth?: AuthConfig; kafkaSasl?: KafkaSaslConfig } {
  const env = withoutEmpty(source);
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : issuesOf(parsed.error);
  let kafkaSasl: KafkaSaslConfig | undefined;
  if ('KAFKA_SASL_MECHANISM' in schema.shape) {
    const result = kafkaSaslConfig(env);
    problems.push(...result.problems);
    kafkaSasl = result.sasl;
  }
  let auth: AuthConfig | undefined;
  if ('AUTH_MODE' in schema.shape) {
    const result = authConfig(env);
    problems.push(...result.problems);
    auth = result.auth;
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { ...(parsed.data as z.infer<S>), ...(auth ? { auth } : {}), ...(kafkaSasl ? { kafkaSasl } : {}) };
}

/** The servers a service process connects (from the ports it declares): each decides variables it requires. */
export interface ServerNeeds {
  kafka: boolean;
  mongodb: boolean;
  /** the personal-data vault (its keys live in PostgreSQL, wrapped by PII_MASTER_KEY) */
  personalData: boolean;
}
const EVERY_SERVER: ServerNeeds = { kafka: true, mongodb: true, personalData: true };

/** Variables a process requires only when it connects their server (validated whenever given). */
export type ServerVariable = 'KAFKA_BROKERS' | 'MONGODB_URL' | 'PII_MASTER_KEY';

/** A service process's validated environment: the server variables of what it does not connect may be absent. */
export type HostEnv = Omit<ServiceEnv, ServerVariable> &
  Partial<Pick<ServiceEnv, ServerVariable>> & { auth: AuthConfig; kafkaSasl?: KafkaSaslConfig | undefined };

/** {@link ServiceEnvSchema} with the variables of servers the process does not connect made optional. */
export function serviceEnvSchema(needs: ServerNeeds) {
  const shape = ServiceEnvSchema.shape;
  return ServiceEnvSchema.extend({
    ...(needs.kafka ? {} : { KAFKA_BROKERS: shape.KAFKA_BROKERS.optional() }),
    ...(needs.mongodb ? {} : { MONGODB_URL: shape.MONGODB_URL.optional() }),
    ...(needs.personalData ? {} : { PII_MASTER_KEY: shape.PII_MASTER_KEY.optional() }),
  });
}

/**
 * The environment a service process runs with, validated, with its auth decided. `needs` says which servers it
 * connects (every one by default): intake, which connects neither Kafka nor MongoDB, requires neither URL.
 */
export function loadServiceEnv(source: Source = process.env, needs: ServerNeeds = EVERY_SERVER): HostEnv {
  return loadEnv(serviceEnvSchema(needs), source) as HostEnv;
}

/** The relay's environment, validated. */
export function loadRelayEnv(source: Source = process.env): RelayEnv & { kafkaSasl?: KafkaSaslConfig } {
  return loadEnv(RelayEnvSchema, source);
}
