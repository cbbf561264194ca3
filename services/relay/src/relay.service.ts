import { createHttpApp, finalize } from '@appeals/http';
import { initTracing } from '@appeals/observability';
import { startRelay } from '@appeals/relay';
import {
  connectBus,
  connectEventStore,
  createLogger,
  exitOnFatal,
  exitOnSignals,
  healthRouter,
  listenAndStart,
  loadRelayEnv,
  startLeaderElection,
  type LeaderElection,
  type Connected,
  type KafkaSaslConfig,
  type Logger,
  type ProcessState,
  type RelayEnv,
  type RunningProcess,
} from '@appeals/service-host';

export interface RelayProcess extends RunningProcess {
  election: LeaderElection;
}

/**
 * The relay as a process: event store (PostgreSQL) → Kafka from the store's durable checkpoint, while this
 * instance holds the leader lock; `/health` says whether it leads, `/ready` whether PostgreSQL and Kafka answer.
 */
export async function startRelayProcess(
  env: RelayEnv & { kafkaSasl?: KafkaSaslConfig | undefined },
  options: { logger?: Logger; retryMs?: number } = {},
): Promise<RelayProcess> {
  const logger = options.logger ?? createLogger('relay', env.LOG_LEVEL);
  const opened: Array<Connected<unknown>> = [];
  const closeAll = async () => {
    for (const dependency of opened.splice(0).reverse()) {
      await dependency.close().catch((err: unknown) => logger.warn({ err }, 'closing a connection failed'));
    }
  };
  try {
    const store = await connectEventStore(env, logger);
    opened.push(store);
    const bus = connectBus(env, 'relay', logger);
    opened.push(bus);

    let election: LeaderElection | undefined;
    let state: ProcessState = 'starting';
    const app = createHttpApp({ logger });
    app.use(
      healthRouter({
        name: 'relay',
        state: () => state,
        probes: { postgres: store.probe, kafka: bus.probe },
        details: () => ({ role: election?.role() ?? 'standby' }),
      }),
    );
    finalize(app, { logger });

    const running = await listenAndStart({
      name: 'relay',
      app,
      port: env.PORT,
      host: env.HOST,
      logger,
      setState: (next) => (state = next),
      start: async () => {
        election = startLeaderElection({
          connectionString: env.POSTGRES_URL,
          schema: env.POSTGRES_SCHEMA,
          name: 'relay',
          ...(options.retryMs ? { retryMs: options.retryMs } : {}),
          lead: () =>
            startRelay({
              store: store.value,
              checkpoints: store.value.checkpoints,
              bus: bus.value,
              onError: (err) => logger.warn({ err }, 'relay: publishing failed, retrying'),
            }),
          onRoleChange: (role) => logger.info({ role }, `relay is ${role}`),
          onError: (err, context) => logger.warn({ err }, `relay: ${context}`),
        });
      },
      stop: async () => {
        await election?.stop();
      },
      close: closeAll,
    });
    logger.info(
      { url: running.url, namespace: env.KAFKA_NAMESPACE },
      `relay serving probes at ${running.url}`,
    );
    return { ...running, election: election! };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** `node services/relay/dist/main.js`: validated env, tracing, the relay, graceful stop on SIGTERM/SIGINT. */
export function runRelay(): void {
  let env: ReturnType<typeof loadRelayEnv>;
  try {
    env = loadRelayEnv();
  } catch (error) {
    console.error(`relay: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const tracing = initTracing({
    serviceName: env.OTEL_SERVICE_NAME ?? 'relay',
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger('relay', env.LOG_LEVEL);
  exitOnFatal(logger);
  startRelayProcess(env, { logger })
    .then((running) =>
      exitOnSignals({
        name: 'relay',
        logger,
        stop: running.stop,
        timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
        finally: () => tracing.shutdown(),
      }),
    )
    .catch(async (err: unknown) => {
      logger.fatal({ err }, 'relay failed to start');
      await tracing.shutdown().catch(() => undefined);
      process.exit(1);
    });
}
