import {
  createAppealCommands,
  createJurisdictions,
  loadStoredCalendars,
  mapAppealError,
} from '@appeals/appeal-application';
import { createAuditService } from '@appeals/audit';
import { createInProcessBus } from '@appeals/bus';
import { traceRequests, tracedBus } from '@appeals/observability';
import { createInMemoryCheckpointStore } from '@appeals/eventstore';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import {
  authenticate,
  createApiRegistry,
  createDevTokenIssuer,
  createHttpApp,
  createInMemoryIdempotencyStore,
  createTokenVerifier,
  devTokenRouter,
  finalize,
  openApiRoute,
  type HttpLogger,
} from '@appeals/http';
import { createIntakeService } from '@appeals/intake';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import { createPersonalDataVault, generateMasterKey, masterKeysFrom } from '@appeals/personal-data';
import { createProjectionsService } from '@appeals/projections';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { demoCatalog } from '@appeals/reference-data';
import { startRelay } from '@appeals/relay';
import { createResponseService } from '@appeals/response';
import { createRoutingService } from '@appeals/routing';
import { Router } from 'express';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface EmbeddedOptions {
  /** folder for the SQLite file; ':memory:' keeps everything in memory (tests) */
  dataDir: string;
  profileId?: 'kz-appk' | 'ru-59fz';
  devAuth?: boolean;
  clock?: () => Date;
  deadlineSweepSeconds?: number;
  logger?: HttpLogger;
  /** base64 of the 32-byte personal-data master key; kept in DATA_DIR/pii-master.key when absent */
  piiMasterKey?: string;
}

/** Dev tokens survive restarts: the signing secret is kept next to the data. */
function devSecret(dataDir: string): Uint8Array {
  if (dataDir === ':memory:') return randomBytes(32);
  const file = join(dataDir, 'dev-token.secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

/**
 * The personal-data master key (ADR 0006), kept next to the data like the dev-token secret: whoever copies the
 * data folder copies the key too, so back it up apart, or give PII_MASTER_KEY to keep it out of the folder.
 */
function masterKey(dataDir: string, given: string | undefined): string {
  if (given !== undefined) return given;
  if (dataDir === ':memory:') return generateMasterKey();
  const file = join(dataDir, 'pii-master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = generateMasterKey();
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * The whole system in one process with no servers: SQLite event store and read views in one file,
 * the in-process bus, the relay, and every service mounted behind one base URL.
 */
export function createEmbeddedSystem(options: EmbeddedOptions) {
  const clock = options.clock ?? (() => new Date());
  const profileId = options.profileId ?? 'kz-appk';
  if (options.dataDir !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  const filename = options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'appeals.db');

  const store = createSqliteEventStore({ filename });
  const views = createSqliteReadStore({
    filename: options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'views.db'),
  });
  const bus = tracedBus(createInProcessBus({ partitions: 12 }));
  const catalog = demoCatalog();
  const jurisdictions = createJurisdictions();
  // applicants' data keys in their own file: an erasure there is final even if appeals.db is kept or copied
  const keys = createSqliteKeyStore({
    filename: options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'keys.db'),
  });
  const vault = createPersonalDataVault({
    keys,
    masterKeys: masterKeysFrom({ key: masterKey(options.dataDir, options.piiMasterKey) }),
  });
  const commands = createAppealCommands(store, jurisdictions.rulesFor, vault);
  const registry = createApiRegistry({
    title: 'Citizens’ appeals platform API',
    version: '1.0.0',
    description:
      'Event-sourced case management for citizens’ appeals (обращения / өтініш). Errors are RFC 9457 problem+json.',
  });
  const devAuth = options.devAuth ?? true;
  const secret = devSecret(options.dataDir);
  const issuer = createDevTokenIssuer({ secret });
  const verifier = createTokenVerifier({ secret });

  const app = createHttpApp({ bodyLimit: '64kb', ...(options.logger ? { logger: options.logger } : {}) });
  app.use(traceRequests());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: 'embedded', profile: profileId });
  });
  app.get('/openapi.json', openApiRoute(registry));
  const api = Router();
  api.use(authenticate(verifier, { optional: true }));
  if (devAuth) api.use(devTokenRouter(issuer, { registry, path: '/auth/dev-token', mountedAt: '/api/v1' }));
  const services = [
    createIntakeService({
      store,
      commands,
      jurisdictions,
      profileId,
      catalog,
      clock,
      registry,
      idempotency: createInMemoryIdempotencyStore(),
    }),
    createRoutingService({ bus, commands, catalog, clock, registry }),
    createResponseService({ commands, catalog, clock, registry }),
    createProjectionsService({
      store,
      bus,
      views,
      vault,
      catalog,
      clock,
      registry,
      onError: (err, context) => options.logger?.warn({ err }, context),
    }),
    createAuditService({
      store,
      bus,
      views,
      commands,
      clock,
      registry,
      sweepEverySeconds: options.deadlineSweepSeconds ?? 60,
      onError: (err, context) => options.logger?.warn({ err }, context),
    }),
  ] as const;
  for (const service of services) api.use(service.router);
  app.use('/api/v1', api);
  finalize(app, { mapError: mapAppealError, ...(options.logger ? { logger: options.logger } : {}) });

  let relay: ReturnType<typeof startRelay> | undefined;

  return {
    app,
    store,
    views,
    bus,
    commands,
    vault,
    keys,
    catalog,
    registry,
    deadlineWatch: services[4].watch,
    async start() {
      await loadStoredCalendars(store, jurisdictions, ['kz-appk', 'ru-59fz']);
      for (const service of services) await service.start();
      // The in-process bus forgets its log and offsets when the process ends, so the relay replays the whole
      // event log into it at every start (an in-memory checkpoint); every consumer is idempotent (ADR 0003).
      relay = startRelay({ store, checkpoints: createInMemoryCheckpointStore(), bus });
    },
    /** Resolves when every event so far has been relayed and handled by every consumer. */
    async settled() {
      await relay?.caughtUp();
      await bus.idle?.();
    },
    async stop() {
      await relay?.stop();
      for (const service of services) await service.stop();
      await bus.close();
      await views.close();
      await keys.close();
      await store.close();
    },
  };
}
export type EmbeddedSystem = ReturnType<typeof createEmbeddedSystem>;
