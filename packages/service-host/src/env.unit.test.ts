import { ConfigError, loadRelayEnv, loadServiceEnv } from './env';

const secret = Buffer.alloc(32, 7).toString('base64');
const valid = {
  POSTGRES_URL: 'postgres://appeals:appeals@127.0.0.1:55432/appeals',
  KAFKA_BROKERS: '127.0.0.1:59092, 127.0.0.2:59092',
  MONGODB_URL: 'mongodb://127.0.0.1:57017/appeals',
  AUTH_MODE: 'dev',
  DEV_AUTH_SECRET: secret,
  PII_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
};

const problemsOf = (
  source: Record<string, string | undefined>,
  load: (source: Record<string, string | undefined>) => unknown = loadServiceEnv,
): string[] => {
  try {
    load(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).variables;
  }
  throw new Error('expected the configuration to be refused');
};

describe('service configuration', () => {
  it('has defaults for everything but the servers and the auth mode', () => {
    const env = loadServiceEnv(valid);
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      POSTGRES_SCHEMA: 'public',
      KAFKA_BROKERS: ['127.0.0.1:59092', '127.0.0.2:59092'],
      KAFKA_NAMESPACE: '',
      APPEALS_PROFILE: 'kz-appk',
      LOG_LEVEL: 'info',
      DEADLINE_SWEEP_SECONDS: 60,
    });
    expect(env.auth).toEqual({ mode: 'dev', secret: new Uint8Array(Buffer.alloc(32, 7)) });
  });

  it('takes Kafka SASL credentials from KAFKA_SASL_* (all three or none) and KAFKA_SSL', () => {
    expect(loadServiceEnv(valid).kafkaSasl).toBeUndefined();
    const sasl = {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'routing',
      KAFKA_SASL_PASSWORD: 's3cret',
    };
    const env = loadServiceEnv({ ...valid, ...sasl, KAFKA_SSL: 'true' });
    expect(env.kafkaSasl).toEqual({ mechanism: 'scram-sha-512', username: 'routing', password: 's3cret' });
    expect(env.KAFKA_SSL).toBe(true);
    expect(loadRelayEnv({ ...valid, ...sasl }).kafkaSasl?.username).toBe('routing');
    expect(problemsOf({ ...valid, KAFKA_SASL_USERNAME: 'routing' }).sort()).toEqual([
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD',
    ]);
    expect(() => loadServiceEnv({ ...valid, KAFKA_SASL_USERNAME: 'routing' })).toThrow(
      /KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_USERNAME is set/,
    );
    expect(problemsOf({ ...valid, ...sasl, KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
  });

  it('names every missing server and the missing auth mode at once', () => {
    expect(problemsOf({}).sort()).toEqual([
      'AUTH_MODE',
      'KAFKA_BROKERS',
      'MONGODB_URL',
      'PII_MASTER_KEY',
      'POSTGRES_URL',
    ]);
    expect(() => loadServiceEnv({})).toThrow(/POSTGRES_URL: is required/);
  });

  it('names each bad variable with what is wrong', () => {
    const source = {
      ...valid,
      PORT: 'eighty',
      POSTGRES_URL: 'mysql://x',
      KAFKA_BROKERS: 'localhost',
      APPEALS_PROFILE: 'fr-crpa',
      LOG_LEVEL: 'loud',
      DEADLINE_SWEEP_SECONDS: '0',
    };
    expect(problemsOf(source).sort()).toEqual([
      'APPEALS_PROFILE',
      'DEADLINE_SWEEP_SECONDS',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PORT',
      'POSTGRES_URL',
    ]);
    expect(() => loadServiceEnv(source)).toThrow(/KAFKA_BROKERS: entry 1: each broker must be host:port/);
  });

  it('requires the personal-data master key as base64 of exactly 32 bytes, its id plain, the relay not at all', () => {
    expect(loadServiceEnv(valid).PII_MASTER_KEY_ID).toBe('k1');
    expect(problemsOf({ ...valid, PII_MASTER_KEY: undefined })).toEqual(['PII_MASTER_KEY']);
    expect(problemsOf({ ...valid, PII_MASTER_KEY: Buffer.alloc(16).toString('base64') })).toEqual([
      'PII_MASTER_KEY',
    ]);
    expect(problemsOf({ ...valid, PII_MASTER_KEY: Buffer.alloc(48).toString('base64') })).toEqual([
      'PII_MASTER_KEY',
    ]);
    expect(problemsOf({ ...valid, PII_MASTER_KEY_ID: 'k 2' })).toEqual(['PII_MASTER_KEY_ID']);
    expect(() => loadServiceEnv({ ...valid, PII_MASTER_KEY: undefined })).toThrow(
      /PII_MASTER_KEY: is required/,
    );
    expect(
      loadRelayEnv({ POSTGRES_URL: valid.POSTGRES_URL, KAFKA_BROKERS: valid.KAFKA_BROKERS }),
    ).not.toHaveProperty('PII_MASTER_KEY');
  });

  it('requires the shared dev secret in dev mode, as base64 of at least 32 bytes', () => {
    expect(problemsOf({ ...valid, DEV_AUTH_SECRET: undefined })).toEqual(['DEV_AUTH_SECRET']);
    expect(problemsOf({ ...valid, DEV_AUTH_SECRET: 'c2hvcnQ=' })).toEqual(['DEV_AUTH_SECRET']);
    expect(problemsOf({ ...valid, DEV_AUTH_SECRET: 'not base64!' })).toEqual(['DEV_AUTH_SECRET']);
  });

  it('requires the identity provider in oidc mode, and reports it together with other mistakes', () => {
    const oidc = { ...valid, AUTH_MODE: 'oidc', DEV_AUTH_SECRET: undefined };
    expect(problemsOf({ ...oidc, PORT: '-1' }).sort()).toEqual([
      'OIDC_AUDIENCE',
      'OIDC_ISSUER',
      'OIDC_JWKS_URI',
      'PORT',
    ]);
    const env = loadServiceEnv({
      ...oidc,
      OIDC_ISSUER: 'https://id.example.org/realms/appeals',
      OIDC_JWKS_URI: 'https://id.example.org/realms/appeals/protocol/openid-connect/certs',
      OIDC_AUDIENCE: 'appeals-api',
    });
    expect(env.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://id.example.org/realms/appeals',
      jwksUri: 'https://id.example.org/realms/appeals/protocol/openid-connect/certs',
      audience: 'appeals-api',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      clockToleranceSeconds: 5,
      claims: { role: 'role', agency: 'agency_id', name: 'name' },
    });
  });

  const oidcValid = {
    ...valid,
    AUTH_MODE: 'oidc',
    DEV_AUTH_SECRET: undefined,
    OIDC_ISSUER: 'https://id.example.org/realms/appeals',
    OIDC_JWKS_URI: 'https://id.example.org/realms/appeals/protocol/openid-connect/certs',
    OIDC_AUDIENCE: 'appeals-api',
  };

  it('reads the algorithms, clock tolerance and claim paths of a Keycloak realm', () => {
    const env = loadServiceEnv({
      ...oidcValid,
      OIDC_ALGORITHMS: 'RS256, ES256',
      OIDC_CLOCK_TOLERANCE_SECONDS: '30',
      OIDC_ROLE_CLAIM: 'realm_access.roles',
      OIDC_AGENCY_CLAIM: 'agency_id',
      OIDC_NAME_CLAIM: 'preferred_username',
    });
    expect(env.auth).toMatchObject({
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 30,
      claims: { role: 'realm_access.roles', agency: 'agency_id', name: 'preferred_username' },
    });
  });

  it('refuses dev tokens in oidc mode: a shared-secret or none algorithm is a configuration error, a dev secret is unused', () => {
    expect(loadServiceEnv({ ...oidcValid, DEV_AUTH_SECRET: secret }).auth.mode).toBe('oidc');
    expect(problemsOf({ ...oidcValid, OIDC_ALGORITHMS: 'RS256,HS256' })).toEqual(['OIDC_ALGORITHMS']);
    expect(problemsOf({ ...oidcValid, OIDC_ALGORITHMS: 'none' })).toEqual(['OIDC_ALGORITHMS']);
    expect(
      problemsOf({ ...oidcValid, OIDC_CLOCK_TOLERANCE_SECONDS: '3600', OIDC_ROLE_CLAIM: 'a..b' }).sort(),
    ).toEqual(['OIDC_CLOCK_TOLERANCE_SECONDS', 'OIDC_ROLE_CLAIM']);
  });

  it('refuses OIDC settings next to dev tokens, so a production setting never silently falls back to dev mode', () => {
    expect(problemsOf({ ...valid, OIDC_ISSUER: 'https://id.example.org/realms/appeals' })).toEqual([
      'OIDC_ISSUER',
    ]);
  });

  it('reads the HTTP edge settings: CORS allow-list, rate limit, body limit', () => {
    expect(
      loadServiceEnv({
        ...valid,
        CORS_ORIGINS: 'https://portal.example',
        RATE_LIMIT_PER_WINDOW: '100',
        BODY_LIMIT: '128kb',
      }),
    ).toMatchObject({
      CORS_ORIGINS: ['https://portal.example'],
      RATE_LIMIT_PER_WINDOW: 100,
      BODY_LIMIT: '128kb',
    });
    expect(problemsOf({ ...valid, CORS_ORIGINS: '*', RATE_LIMIT_PER_WINDOW: '-1' }).sort()).toEqual([
      'CORS_ORIGINS',
      'RATE_LIMIT_PER_WINDOW',
    ]);
  });

  it('refuses an unknown auth mode', () => {
    expect(problemsOf({ ...valid, AUTH_MODE: 'none' })).toEqual(['AUTH_MODE']);
  });

  it('treats an empty value as unset (compose and ConfigMaps write NAME: for "not given")', () => {
    expect(problemsOf({ ...valid, MONGODB_URL: '' })).toEqual(['MONGODB_URL']);
    expect(loadServiceEnv({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: '', PORT: '' }).PORT).toBe(8080);
  });

  it('isolates a test run by schema and namespace, checked for what the servers accept', () => {
    expect(
      loadServiceEnv({ ...valid, POSTGRES_SCHEMA: 'e2e_1a2b', KAFKA_NAMESPACE: 'e2e-1a2b' }),
    ).toMatchObject({
      POSTGRES_SCHEMA: 'e2e_1a2b',
      KAFKA_NAMESPACE: 'e2e-1a2b',
    });
    expect(problemsOf({ ...valid, POSTGRES_SCHEMA: 'x; DROP', KAFKA_NAMESPACE: 'a/b' }).sort()).toEqual([
      'KAFKA_NAMESPACE',
      'POSTGRES_SCHEMA',
    ]);
  });
});

describe('relay configuration', () => {
  it('needs neither the read views nor an auth mode', () => {
    const env = loadRelayEnv({ POSTGRES_URL: valid.POSTGRES_URL, KAFKA_BROKERS: valid.KAFKA_BROKERS });
    expect(env).toMatchObject({ PORT: 8080, KAFKA_BROKERS: ['127.0.0.1:59092', '127.0.0.2:59092'] });
    expect(problemsOf({}, loadRelayEnv).sort()).toEqual(['KAFKA_BROKERS', 'POSTGRES_URL']);
  });
});
