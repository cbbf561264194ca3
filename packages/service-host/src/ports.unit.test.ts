import { CatalogFileError } from '@appeals/core';
import pino from 'pino';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadServiceEnv } from './env';
import { serversFor } from './ports';
import { startService } from './runService';

const base = {
  POSTGRES_URL: 'postgres://appeals:appeals@127.0.0.1:1/appeals',
  AUTH_MODE: 'dev',
  DEV_AUTH_SECRET: Buffer.alloc(32, 7).toString('base64'),
  PII_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
  PORT: '0',
};

describe('the servers behind declared ports', () => {
  it.each([
    [
      'intake',
      ['store', 'commands', 'idempotency'],
      { postgres: true, kafka: false, mongodb: false, personalData: true },
    ],
    ['routing', ['bus', 'commands'], { postgres: true, kafka: true, mongodb: false, personalData: true }],
    [
      'response',
      ['store', 'checkpoints', 'commands', 'idempotency'],
      { postgres: true, kafka: false, mongodb: false, personalData: true },
    ],
    [
      'a log follower',
      ['checkpoints'],
      { postgres: true, kafka: false, mongodb: false, personalData: false },
    ],
    [
      'audit',
      ['store', 'chain', 'bus', 'views', 'commands'],
      { postgres: true, kafka: true, mongodb: true, personalData: true },
    ],
    [
      'projections',
      ['store', 'bus', 'views', 'vault'],
      { postgres: true, kafka: true, mongodb: true, personalData: true },
    ],
    ['agency-feed', ['store', 'bus'], { postgres: true, kafka: true, mongodb: false, personalData: false }],
  ] as const)('%s: %j', (_name, ports, servers) => {
    expect(serversFor(ports)).toEqual(servers);
  });

  it('require the variables of the servers they need, and only those', () => {
    const intake = loadServiceEnv(base, serversFor(['store', 'commands', 'idempotency']));
    expect(intake.KAFKA_BROKERS).toBeUndefined();
    expect(intake.MONGODB_URL).toBeUndefined();
    const feed = () => loadServiceEnv({ ...base, PII_MASTER_KEY: undefined }, serversFor(['store', 'bus']));
    expect(feed).toThrow(ConfigError);
    try {
      feed();
    } catch (error) {
      expect((error as ConfigError).variables).toEqual(['KAFKA_BROKERS']);
    }
    // a variable given is checked even when its server is not connected
    expect(() => loadServiceEnv({ ...base, KAFKA_BROKERS: 'no-port' }, serversFor(['commands']))).toThrow(
      /KAFKA_BROKERS: entry 1: each broker must be host:port/,
    );
  });
});

describe('the catalog of a service process (CATALOG_FILE)', () => {
  it('refuses to start on a broken catalog, naming the field, before connecting anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'host-catalog-')), 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'x',
        regions: [],
        agencies: [{ id: 'A!' }],
        categories: [],
        routingRules: [],
      }),
    );
    const env = loadServiceEnv({ ...base, CATALOG_FILE: file }, serversFor(['commands']));
    const started = startService(
      { name: 'catalog-test', ports: ['commands'], build: () => ({ name: 'x' }) as never },
      env,
      { logger: pino({ level: 'silent' }) },
    );
    // PostgreSQL at port 1 would answer ECONNREFUSED: the catalog is refused first
    await expect(started).rejects.toThrow(CatalogFileError);
    await expect(started).rejects.toThrow(/agencies\[0\]\.id: /);
  });
});
