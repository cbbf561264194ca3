import {
  createAppealCommands,
  createJurisdictions,
  type AppealCommands,
  type Jurisdictions,
} from '@appeals/appeal-application';
import type { Bus } from '@appeals/bus';
import type { ChainStore } from '@appeals/chain';
import type { EventStore } from '@appeals/eventstore';
import { createApiRegistry, edgeOptions, type ApiRegistry, type IdempotencyStore } from '@appeals/http';
import type { PersonalDataVault } from '@appeals/personal-data';
import { initTracing } from '@appeals/observability';
import type { ReadStore } from '@appeals/readstore';
import { demoCatalog, type Catalog } from '@appeals/reference-data';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createCalendarFollower } from './calendarFollower';
import { loadServiceEnv, type AuthConfig, type KafkaSaslConfig, type ServiceEnv } from './env';
import type { ProcessState } from './health';
import { createPostgresIdempotencyStore } from './idempotency';
import { connectBus, connectEventStore, connectVault, connectViews, type Connected } from './infrastructure';
import { createLogger } from './logger';
import { exitOnFatal, exitOnSignals, listenAndStart, type RunningProcess } from './process';
import { createServiceApp, verifierFor } from './serviceApp';

/** Everything a service's composition function may take: the same shape the embedded gateway passes. */
export interface ServiceDeps {
  store: EventStore;
  /** the global chain of the event store's log (tamper-evident history), in the same schema */
  chain: ChainStore;
  bus: Bus;
  views: ReadStore;
  /** seals and opens applicants' personal data (ADR 0006) */
  vault: PersonalDataVault;
  commands: AppealCommands;
  catalog: Catalog;
  jurisdictions: Jurisdictions;
  /** jurisdiction profile of new appeals */
  profileId: string;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
  sweepEverySeconds: number;
  onError: (error: unknown, context: string) => void;
  logger: Logger;
}

/** What a service's composition function returns (`createRoutingService(deps)` and the others). */
export interface HostedService {
  name: string;
  router: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type BuildService = (deps: ServiceDeps) => HostedService;

const PROFILES = ['kz-appk', 'ru-59fz'];

export interface StartServiceOptions {
  logger?: Logger;
  clock?: () => Date;
}

/**
 * Connects PostgreSQL, Kafka and MongoDB, builds the service, serves it (with /health, /ready, /openapi.json)
 * and starts its consumers. Resolves once it is serving; `stop()` undoes it all in reverse order.
 */
export async function startService(
  name: string,
  build: BuildService,
  env: ServiceEnv & { auth: AuthConfig; kafkaSasl?: KafkaSaslConfig | undefined },
  options: StartServiceOptions = {},
): Promise<RunningProcess> {
  const logger = options.logger ?? createLogger(name, env.LOG_LEVEL);
  const opened: Array<Connected<unknown>> = [];
  const closeAll = async () => {
    for (const dependency of opened.splice(0).reverse()) {
      await dependency.close().catch((err: unknown) => logger.warn({ err }, 'closing a connection failed'));
    }
  };
  try {
    const store = await connectEventStore(env, logger);
    opened.push(store);
    const vault = await connectVault(env, store.value);
    opened.push(vault);
    const views = await connectViews(env, name);
    opened.push(views);
    const bus = connectBus(env, name, logger);
    opened.push(bus);

    const clock = options.clock ?? (() => new Date());
    const jurisdictions = createJurisdictions();
    const calendars = createCalendarFollower({
      store: store.value,
      jurisdictions,
      profileIds: PROFILES,
      onError: (err) => logger.warn({ err }, 'calendar refresh failed'),
    });
    const registry = createApiRegistry({
      title: `Citizens’ appeals platform API: ${name}`,
      version: '1.0.0',
      description: `The routes the ${name} service serves. Errors are RFC 9457 problem+json.`,
    });
    const service = build({
      store: store.value,
      chain: store.value.chain,
      bus: bus.value,
      views: views.value,
      vault: vault.value,
      commands: createAppealCommands(store.value, jurisdictions.rulesFor, vault.value),
      catalog: demoCatalog(),
      jurisdictions,
      profileId: env.APPEALS_PROFILE,
      clock,
      registry,
      idempotency: await createPostgresIdempotencyStore(store.value.pool, { schema: env.POSTGRES_SCHEMA }),
      sweepEverySeconds: env.DEADLINE_SWEEP_SECONDS,
      onError: (err, context) => logger.warn({ err }, context),
      logger,
    });

    let state: ProcessState = 'starting';
    const app = createServiceApp({
      name,
      router: service.router,
      registry,
      verifier: verifierFor(env.auth),
      edge: edgeOptions(env),
      logger,
      health: {
        state: () => state,
        probes: { postgres: store.probe, kafka: bus.probe, mongodb: views.probe },
      },
    });
    const running = await listenAndStart({
      name,
      app,
      port: env.PORT,
      host: env.HOST,
      logger,
      setState: (next) => (state = next),
      start: async () => {
        const years = await calendars.start();
        await service.start();
        logger.info({ calendarYearsLoaded: years }, `${name} consumers and routes started`);
      },
      stop: async () => {
        await service.stop();
        await calendars.stop();
      },
      close: closeAll,
    });
    logger.info(
      { url: running.url, profile: env.APPEALS_PROFILE, auth: env.auth.mode, namespace: env.KAFKA_NAMESPACE },
      `${name} serving at ${running.url}`,
    );
    return running;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The whole life of one service process: validated env (exit 1 naming each bad variable), tracing, logs with
 * trace ids, PostgreSQL + Kafka + MongoDB, the service, HTTP; SIGTERM/SIGINT stop it gracefully and exit 0.
 *
 * @example
 * // services/routing/src/main.ts
 * runService('routing', (deps) => createRoutingService(deps));
 */
export function runService(name: string, build: BuildService): void {
  let env: ReturnType<typeof loadServiceEnv>;
  try {
    env = loadServiceEnv();
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const tracing = initTracing({
    serviceName: env.OTEL_SERVICE_NAME ?? name,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger(name, env.LOG_LEVEL);
  exitOnFatal(logger);
  startService(name, build, env, { logger })
    .then((running) =>
      exitOnSignals({
        name,
        logger,
        stop: running.stop,
        timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
        finally: () => tracing.shutdown(),
      }),
    )
    .catch(async (err: unknown) => {
      logger.fatal({ err }, `${name} failed to start`);
      await tracing.shutdown().catch(() => undefined);
      process.exit(1);
    });
}
