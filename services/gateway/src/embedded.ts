import { createAppealCommands, createJurisdictions, mapAppealError } from '@appeals/appeal-application';
import { auditRouter, createDeadlineWatch } from '@appeals/audit';
import { createInProcessBus, type Consumer } from '@appeals/bus';
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
import { catalogRouter, submitAppealRouter } from '@appeals/intake';
import { queriesRouter, startProjector } from '@appeals/projections';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { demoCatalog } from '@appeals/reference-data';
import { startRelay } from '@appeals/relay';
import { responseRouter } from '@appeals/response';
import { routingRouter, startRoutingConsumer } from '@appeals/routing';
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
  const bus = createInProcessBus({ partitions: 12 });
  const catalog = demoCatalog();
  const jurisdictions = createJurisdictions();
  const commands = createAppealCommands(store, jurisdictions.rulesFor);
  const registry = createApiRegistry({
    title: 'Citizens’ appeals platform API',
    version: '1.0.0',
    description:
      'Event-sourced case management for citizens’ appeals (обращения / өтініш). Errors are RFC 9457 problem+json.',
  });
  const deadlineWatch = createDeadlineWatch({
    bus,
    views,
    commands,
    clock,
    onError: (err, appealId) =>
      options.logger?.warn({ err, appealId }, 'deadline watch could not mark an appeal'),
  });

  const devAuth = options.devAuth ?? true;
  const secret = devSecret(options.dataDir);
  const issuer = createDevTokenIssuer({ secret });
  const verifier = createTokenVerifier({ secret });

  const app = createHttpApp({ bodyLimit: '64kb', ...(options.logger ? { logger: options.logger } : {}) });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: 'embedded', profile: profileId });
  });
  app.get('/openapi.json', openApiRoute(registry));
  const api = Router();
  api.use(authenticate(verifier, { optional: true }));
  if (devAuth) api.use(devTokenRouter(issuer, { registry, path: '/auth/dev-token', mountedAt: '/api/v1' }));
  const actionDeps = { commands, catalog, clock, registry };
  api.use(catalogRouter({ catalog, jurisdictions, profileId, registry }));
  api.use(
    submitAppealRouter({
      commands,
      jurisdictions,
      profileId,
      catalog,
      clock,
      registry,
      idempotency: createInMemoryIdempotencyStore(),
    }),
  );
  api.use(queriesRouter({ views, catalog, clock, registry }));
  api.use(routingRouter({ ...actionDeps, service: 'routing' }));
  api.use(responseRouter({ ...actionDeps, service: 'response' }));
  api.use(auditRouter({ store, commands, registry }));
  app.use('/api/v1', api);
  finalize(app, { mapError: mapAppealError, ...(options.logger ? { logger: options.logger } : {}) });

  const consumers: Consumer[] = [];
  let relay: ReturnType<typeof startRelay> | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;

  return {
    app,
    store,
    views,
    bus,
    commands,
    catalog,
    registry,
    deadlineWatch,
    async start() {
      consumers.push(await startProjector(bus, views));
      consumers.push(await startRoutingConsumer({ bus, commands, catalog, clock }));
      consumers.push(await deadlineWatch.start());
      // The in-process bus forgets its log and offsets when the process ends, so the relay replays the whole
      // event log into it at every start (an in-memory checkpoint); every consumer is idempotent (ADR 0003).
      relay = startRelay({ store, checkpoints: createInMemoryCheckpointStore(), bus });
      const every = (options.deadlineSweepSeconds ?? 60) * 1000;
      sweepTimer = setInterval(() => {
        deadlineWatch
          .sweep()
          .catch((e: unknown) => options.logger?.error({ err: e }, 'deadline sweep failed'));
      }, every);
      sweepTimer.unref();
    },
    /** Resolves when every event so far has been relayed and handled by every consumer. */
    async settled() {
      await relay?.caughtUp();
      await bus.idle?.();
    },
    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      await relay?.stop();
      for (const c of consumers.splice(0)) await c.stop();
      await bus.close();
      await views.close();
      await store.close();
    },
  };
}
export type EmbeddedSystem = ReturnType<typeof createEmbeddedSystem>;
