import { createCore, loadCatalog, type Core, type CoreConfig } from '@appeals/core';
import { edgeOptions } from '@appeals/http';
import { initTracing } from '@appeals/observability';
import type { Catalog } from '@appeals/reference-data';
import type { Logger } from 'pino';
import { createCalendarFollower } from './calendarFollower';
import { connectPorts, type ServerPorts } from './connectPorts';
import { loadServiceEnv, type HostEnv } from './env';
import type { ProcessState } from './health';
import type { Connected } from './infrastructure';
import { createLogger } from './logger';
import { exitOnFatal, exitOnSignals, listenAndStart, type RunningProcess } from './process';
import { serversFor, type HostPorts, type PortName, type ServiceDefinition, type ServiceDeps } from './ports';
import { createServiceApp, verifierFor } from './serviceApp';

export interface StartServiceOptions {
  logger?: Logger;
  clock?: () => Date;
  /** the catalog already loaded (runService loads it before tracing starts); else from CATALOG_FILE */
  catalog?: Catalog;
}

/**
 * The service built on the core (`createCore`, with the appeal commands when it declared them) and exactly the
 * ports it declared; throws naming a declared port the host could not give.
 */
function buildOnCore<P extends PortName>(
  definition: ServiceDefinition<P>,
  ports: Partial<ServerPorts>,
  env: HostEnv,
  context: { catalog: Catalog; logger: Logger; clock: () => Date },
) {
  const { name } = definition;
  const { store, vault } = ports;
  const config: CoreConfig = {
    catalog: context.catalog,
    profileId: env.APPEALS_PROFILE,
    api: {
      title: `Citizens’ appeals platform API: ${name}`,
      version: '1.0.0',
      description: `The routes the ${name} service serves. Errors are RFC 9457 problem+json.`,
    },
  };
  const runsCommands = store && vault && definition.ports.includes('commands' as P);
  const core: Core & Partial<Pick<HostPorts, 'commands'>> = runsCommands
    ? createCore({ ...config, store, vault })
    : createCore(config);
  const given: Partial<HostPorts> = { ...ports, commands: core.commands };
  const missing = definition.ports.filter((port) => given[port] === undefined);
  if (missing.length > 0) throw new Error(`${name}: the host cannot give ${missing.join(', ')}`);
  const declared = Object.fromEntries(definition.ports.map((port) => [port, given[port]]));
  const service = definition.build({
    ...core,
    ...declared,
    clock: context.clock,
    sweepEverySeconds: env.DEADLINE_SWEEP_SECONDS,
    onError: (err, where) => context.logger.warn({ err }, where),
    logger: context.logger,
  } as ServiceDeps<P>);
  return { core, service };
}

/**
 * Loads the catalog (CATALOG_FILE, else the demo seed), connects the servers behind the ports the service declares
 * and nothing else, builds the service on the core (`createCore`), serves it (with /health, /ready probing what it
 * connected, /openapi.json) and starts its consumers. Resolves once it is serving; `stop()` undoes it all in
 * reverse order.
 */
export async function startService<P extends PortName>(
  definition: ServiceDefinition<P>,
  env: HostEnv,
  options: StartServiceOptions = {},
): Promise<RunningProcess> {
  const { name } = definition;
  const logger = options.logger ?? createLogger(name, env.LOG_LEVEL);
  const catalog = options.catalog ?? loadCatalog(env.CATALOG_FILE); // a broken catalog stops the start before anything connects
  const opened: Array<Connected<unknown>> = [];
  const closeAll = async () => {
    for (const dependency of opened.splice(0).reverse()) {
      await dependency.close().catch((err: unknown) => logger.warn({ err }, 'closing a connection failed'));
    }
  };
  try {
    const { ports, probes, rateLimitStore } = await connectPorts(definition.ports, env, name, logger, opened);
    const { core, service } = buildOnCore(definition, ports, env, {
      catalog,
      logger,
      clock: options.clock ?? (() => new Date()),
    });
    const { store } = ports;
    const calendars = store
      ? createCalendarFollower({
          store,
          jurisdictions: core.jurisdictions,
          profileIds: [...core.profileIds],
          onError: (err) => logger.warn({ err }, 'calendar refresh failed'),
        })
      : undefined;

    let state: ProcessState = 'starting';
    const app = createServiceApp({
      name,
      router: service.router,
      open311Router: service.open311Router,
      registry: core.registry,
      verifier: verifierFor(env.auth),
      edge: edgeOptions(env, rateLimitStore),
      logger,
      health: { state: () => state, probes },
    });
    const running = await listenAndStart({
      name,
      app,
      port: env.PORT,
      host: env.HOST,
      logger,
      setState: (next) => (state = next),
      start: async () => {
        const years = (await calendars?.start()) ?? 0;
        await service.start();
        logger.info({ calendarYearsLoaded: years }, `${name} consumers and routes started`);
      },
      stop: async () => {
        await service.stop();
        await calendars?.stop();
      },
      close: closeAll,
    });
    logger.info(
      {
        url: running.url,
        profile: env.APPEALS_PROFILE,
        auth: env.auth.mode,
        ports: definition.ports,
        ...(serversFor(definition.ports).kafka ? { namespace: env.KAFKA_NAMESPACE } : {}),
      },
      `${name} serving at ${running.url}`,
    );
    return running;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The whole life of one service process: validated env (exit 1 naming each bad variable) and catalog (exit 1
 * naming each bad field of CATALOG_FILE), tracing, logs with trace ids, the servers behind the declared ports,
 * the service, HTTP; SIGTERM/SIGINT stop it gracefully and exit 0.
 *
 * @example
 * // services/routing/src/main.ts
 * runService({ name: 'routing', ports: ['bus', 'commands'], build: (deps) => createRoutingService(deps) });
 */
export function runService<P extends PortName>(definition: ServiceDefinition<P>): void {
  const { name } = definition;
  let env: HostEnv;
  let catalog: Catalog;
  try {
    env = loadServiceEnv(undefined, serversFor(definition.ports));
    catalog = loadCatalog(env.CATALOG_FILE);
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
  startService(definition, env, { logger, catalog })
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
