import { loadStoredCalendars, mapAppealError } from '@appeals/appeal-application';
import { asyncApiRoute } from '@appeals/asyncapi';
import { createAuditService } from '@appeals/audit';
import { createInProcessBus } from '@appeals/bus';
import { createEventStoreBus } from '@appeals/bus-eventstore';
import { traceRequests, tracedBus } from '@appeals/observability';
import { createCheckpointSigner, generateSigningKey } from '@appeals/chain';
import { createCore, type CoreWithCommands, type ProfileId } from '@appeals/core';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { mountOpen311, OPEN311_BASE, type Open311Settings } from '@appeals/appeal-http';
import {
  assertEveryRouteGuarded,
  createDevTokenIssuer,
  createHttpApp,
  createTokenVerifier,
  devTokenRouter,
  finalize,
  openApiRoute,
  type ApiRegistry,
  type HttpAppOptions,
  type HttpLogger,
} from '@appeals/http';
import { verifierFor, type AuthConfig } from '@appeals/service-host';
import { createIntakeService } from '@appeals/intake';
import {
  createNotificationsService,
  loadNotificationSettings,
  type NotificationSettings,
} from '@appeals/notifications';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import {
  createPersonalDataVault,
  generateMasterKey,
  keyringConfig,
  masterKeysFrom,
  readKeyringFile,
  writeKeyringFile,
} from '@appeals/personal-data';
import { createProjectionsService } from '@appeals/projections';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { demoCatalog, demoUsers, type Catalog } from '@appeals/reference-data';
import { createResponseService } from '@appeals/response';
import { createRoutingService } from '@appeals/routing';
import { Router } from 'express';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { webAppRouter } from './webApp';
import { createSqliteIdempotencyStore } from './sqliteIdempotency';

export interface EmbeddedOptions {
  /** folder for the SQLite file; ':memory:' keeps everything in memory (tests) */
  dataDir: string;
  profileId?: ProfileId;
  /** agencies, categories, regions and routing rules (`loadCatalog(CATALOG_FILE)`; the demo seed by default) */
  catalog?: Catalog;
  devAuth?: boolean;
  clock?: () => Date;
  deadlineSweepSeconds?: number;
  /** the HTTP edge's logger; its `info`, when it has one, gets the SMS notices of the logging adapter */
  logger?: HttpLogger & { info?: (fields: Record<string, unknown>, message?: string) => void };
  /** the built web app served at `/` (services/web/dist by default; a 503 page says how to build it when absent) */
  webDistDir?: string;
  /** sign-in with an identity provider instead of dev tokens (then devAuth must be false) */
  oidc?: Extract<AuthConfig, { mode: 'oidc' }>;
  /** body limit, CORS origins, per-client rate limit (createHttpApp's defaults when absent) */
  edge?: Pick<HttpAppOptions, 'bodyLimit' | 'corsOrigins' | 'rateLimit'>;
  /** base64 of the 32-byte personal-data master key; kept in DATA_DIR/pii-master.key when absent */
  piiMasterKey?: string;
  /** SMTP server, SMS channel, links and retries of the notices (SMTP_* …; SMS log only when absent) */
  notifications?: NotificationSettings;
  /** the Open311 edge's api keys and defaults (intake's loadOpen311Settings); none: it takes no filings */
  open311?: Open311Settings;
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
 * The key that signs checkpoints of the tamper-evident history, kept next to the data with its public half for
 * `pnpm verify-log` (docs/security.md#tamper-evident-history: a copy of the public key kept elsewhere is what makes it evidence).
 */
function chainSigningKey(dataDir: string): string {
  if (dataDir === ':memory:') return generateSigningKey().privateKeyPem;
  const file = join(dataDir, 'chain-signing.key');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  writeFileSync(file, privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dataDir, 'chain-signing.pub'), publicKeyPem);
  return privateKeyPem;
}

/** The embedded mode's keyring of personal-data master keys, in the data folder (`pnpm keys rotate` adds keys). */
export const EMBEDDED_KEYRING = 'pii-master.key';

/**
 * The personal-data master keys (ADR 0006), kept next to the data like the dev-token secret: whoever copies the
 * data folder copies the keys too, so back them up apart, or give PII_MASTER_KEY to keep it out of the folder.
 * The file is a keyring (current key first; `pnpm keys rotate` adds a new one and drops the old once unused).
 */
function masterKeys(dataDir: string, given: string | undefined) {
  if (given !== undefined) return masterKeysFrom({ key: given });
  if (dataDir === ':memory:') return masterKeysFrom({ key: generateMasterKey() });
  const file = join(dataDir, EMBEDDED_KEYRING);
  const kept = readKeyringFile(file);
  if (kept) return masterKeysFrom(keyringConfig(kept));
  const key = generateMasterKey();
  writeKeyringFile(file, [{ id: 'k1', key }]);
  return masterKeysFrom({ key, id: 'k1' });
}

/** Where a store keeps its SQLite file: in the data folder, or in memory with ':memory:'. */
function fileIn(dataDir: string, name: string): string {
  return dataDir === ':memory:' ? ':memory:' : join(dataDir, name);
}

/**
 * The adapters in the data folder: the event store, the read views and the applicants' keys (a SQLite file each),
 * the bus over the event log, and the personal-data vault over the keys.
 */
function openStorage(options: EmbeddedOptions) {
  if (options.dataDir !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  const store = createSqliteEventStore({ filename: fileIn(options.dataDir, 'appeals.db') });
  const views = createSqliteReadStore({ filename: fileIn(options.dataDir, 'views.db') });
  // Consumers read the event log itself from durable checkpoints (ADR 0009); dead letters stay in process; what
  // can never be decoded goes to the quarantine table beside the log (`pnpm quarantine`).
  const bus = tracedBus(
    createEventStoreBus({
      store,
      checkpoints: store.checkpoints,
      quarantine: store.quarantine,
      side: createInProcessBus({ partitions: 12, quarantine: store.quarantine }),
      ...(options.logger ? { logger: options.logger } : {}),
    }),
  );
  // applicants' data keys in their own file: an erasure there is final even if appeals.db is kept or copied
  const keys = createSqliteKeyStore({ filename: fileIn(options.dataDir, 'keys.db') });
  const vault = createPersonalDataVault({
    keys,
    masterKeys: masterKeys(options.dataDir, options.piiMasterKey),
  });
  return { store, views, bus, keys, vault };
}

/** Who signs in: dev tokens signed with the kept secret, or an identity provider's tokens (never both). */
function authOf(options: EmbeddedOptions) {
  const devAuth = options.devAuth ?? !options.oidc;
  if (devAuth && options.oidc) throw new Error('Dev tokens are refused when an OIDC issuer is configured.');
  const secret = options.oidc ? undefined : devSecret(options.dataDir);
  const verifier = secret ? createTokenVerifier({ secret }) : verifierFor(options.oidc!);
  return { devTokenSecret: devAuth ? secret : undefined, verifier };
}

type Storage = ReturnType<typeof openStorage>;

/** Every service of the system over the shared core and storage (the audit one also runs the deadline watch). */
function createServices(
  core: CoreWithCommands,
  { store, bus, views, vault }: Storage,
  options: EmbeddedOptions,
  clock: () => Date,
) {
  const onError = (err: unknown, context: string) => options.logger?.warn({ err }, context);
  const audit = createAuditService({
    ...core,
    store,
    bus,
    views,
    clock,
    sweepEverySeconds: options.deadlineSweepSeconds ?? 60,
    chain: { store: store.chain, signer: createCheckpointSigner(chainSigningKey(options.dataDir)) },
    onError,
  });
  // one store for every state-changing route: keys are scoped per caller and route; kept in the log's file, so a
  // retry after a restart finds the first attempt's plan and answer (ADR 0027)
  const idempotency = createSqliteIdempotencyStore(store.db);
  // it also runs the linked appeals process (ADR 0028), from its checkpoint in appeals.db
  const response = createResponseService({
    ...core,
    clock,
    idempotency,
    store,
    checkpoints: store.checkpoints,
    onError,
  });
  const services = [
    createIntakeService({
      ...core,
      store,
      views,
      clock,
      onError,
      idempotency,
      logger: options.logger,
      open311: options.open311,
    }),
    createRoutingService({ ...core, bus, clock, idempotency, onError }),
    response,
    createProjectionsService({
      ...core,
      ...(options.open311 ? { open311Language: options.open311.language } : {}),
      store,
      bus,
      views,
      vault,
      clock,
      idempotency,
      onError,
    }),
    audit,
    createNotificationsService({
      ...core,
      store,
      bus,
      vault,
      clock,
      settings: options.notifications ?? loadNotificationSettings({}),
      logger: { info: (details, message) => options.logger?.info?.(details, message) },
    }),
    // no agency feed: per-agency topics are for agencies' own consumers on Kafka (cluster mode); in one process
    // nobody could read them, and an in-process copy of every appeal's history would only grow
  ] as const;
  return { audit, response, services };
}

/** The router mounted at /api/v1, holding the dev-token route when dev tokens are on (registered first). */
function apiRouter(registry: ApiRegistry, secret: Uint8Array | undefined): Router {
  const api = Router();
  if (secret)
    api.use(
      devTokenRouter(createDevTokenIssuer({ secret }), {
        registry,
        path: '/auth/dev-token',
        users: demoUsers(),
        mountedAt: '/api/v1',
      }),
    );
  return api;
}

/**
 * The whole system in one process with no servers: SQLite event store and read views in one file,
 * consumers reading the event log from durable checkpoints, and every service mounted behind one base URL.
 */
export function createEmbeddedSystem(options: EmbeddedOptions) {
  const clock = options.clock ?? (() => new Date());
  const storage = openStorage(options);
  const { store, views, bus, keys, vault } = storage;
  const core = createCore({
    catalog: options.catalog ?? demoCatalog(),
    profileId: options.profileId,
    api: {
      title: 'Citizens’ appeals platform API',
      version: '1.0.0',
      description:
        'Event-sourced case management for citizens’ appeals (обращения / өтініш). Errors are RFC 9457 problem+json.',
    },
    store,
    vault,
  });
  const { catalog, commands, registry } = core;
  const { devTokenSecret, verifier } = authOf(options);

  const app = createHttpApp({
    bodyLimit: '64kb',
    ...options.edge,
    formPaths: [OPEN311_BASE], // GeoReport v2 clients post forms
    verifier,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  app.use(traceRequests());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: 'embedded', profile: core.profileId });
  });
  app.get('/openapi.json', openApiRoute(registry));
  app.get('/asyncapi.json', asyncApiRoute());
  const api = apiRouter(registry, devTokenSecret);
  const { audit, response, services } = createServices(core, storage, options, clock);
  for (const service of services) api.use(service.router);
  assertEveryRouteGuarded(api); // no route without a policy decision, or the system does not start
  app.use('/api/v1', api);
  const open311 = services.flatMap((service) => ('open311Router' in service ? [service.open311Router] : []));
  for (const router of open311) assertEveryRouteGuarded(router);
  const open311Routes = mountOpen311(app, open311, options.logger);
  app.use(webAppRouter(options.webDistDir === undefined ? {} : { distDir: options.webDistDir }));
  finalize(app, { mapError: mapAppealError, ...(options.logger ? { logger: options.logger } : {}) });

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
    /** the Open311 routes mounted at /open311/v2, as their policy rows name them */
    open311Routes,
    deadlineWatch: audit.watch,
    async start() {
      await loadStoredCalendars(store, core.jurisdictions, [...core.profileIds]);
      // each consumer group resumes from its own checkpoint in appeals.db: start-up does not replay history
      for (const service of services) await service.start();
    },
    /**
     * Resolves when every consumer group has handled every event so far (and what they appended meanwhile), the
     * linked appeals process first (a linked appeal it files is then handled too).
     */
    async settled() {
      await response.linkedAppeals()?.caughtUp();
      await bus.idle?.();
    },
    async stop() {
      for (const service of services) await service.stop();
      await bus.close();
      await views.close();
      await keys.close();
      await store.close();
    },
  };
}
export type EmbeddedSystem = ReturnType<typeof createEmbeddedSystem>;
