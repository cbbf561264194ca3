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
    });
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
