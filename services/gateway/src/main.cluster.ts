import { initTracing } from '@appeals/observability';
import {
  createLogger,
  connectRateLimitStore,
  exitOnFatal,
  exitOnSignals,
  listenAndStart,
} from '@appeals/service-host';
import { createClusterGateway } from './cluster';
import { loadClusterEnv, type ClusterEnv } from './env';
import { DEFAULT_WEB_DIST, webAppBuilt } from './webApp';

/** The gateway in cluster mode: `node services/gateway/dist/main.js` in front of the service processes. */
async function main() {
  let env: ClusterEnv;
  try {
    env = loadClusterEnv();
  } catch (error) {
    console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const tracing = initTracing({
    serviceName: env.OTEL_SERVICE_NAME,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger('gateway', env.LOG_LEVEL);
  exitOnFatal(logger);
  const upstreams = {
    intake: env.INTAKE_URL,
    routing: env.ROUTING_URL,
    response: env.RESPONSE_URL,
    audit: env.AUDIT_URL,
    projections: env.PROJECTIONS_URL,
  };
  // gateway replicas count each client's requests together in PostgreSQL when they can reach it
  const counts = env.POSTGRES_URL
    ? await connectRateLimitStore(env.POSTGRES_URL, { schema: env.POSTGRES_SCHEMA, prefix: 'gateway:' })
    : undefined;
  const store = counts?.store;
  const app = createClusterGateway({
    upstreams,
    logger,
    timeoutMs: env.UPSTREAM_TIMEOUT_MS,
    ...(env.WEB_DIST_DIR ? { webDistDir: env.WEB_DIST_DIR } : {}),
    edge: {
      corsOrigins: env.CORS_ORIGINS,
      rateLimit: {
        limit: env.RATE_LIMIT_PER_WINDOW,
        windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
        ...(store ? { store } : {}),
      },
    },
    ...(env.devSecret ? { devSecret: env.devSecret } : {}),
  });
  let state = 'starting';
  const running = await listenAndStart({
    name: 'gateway',
    app,
    port: env.PORT,
    host: env.HOST,
    logger,
    setState: (next) => (state = next),
    start: async () => undefined,
    stop: async () => undefined,
    close: async () => {
      await app.close();
      await counts?.close();
    },
  });
  logger.info(
    { upstreams, auth: env.AUTH_MODE, state },
    `Appeals platform (cluster) at ${running.url}  — API docs: /openapi.json, events: /asyncapi.json`,
  );
  const webDist = env.WEB_DIST_DIR ?? DEFAULT_WEB_DIST;
  if (!webAppBuilt(webDist))
    logger.warn(`The web app is not built (${webDist}): run pnpm --filter @appeals/web build`);
  exitOnSignals({
    name: 'gateway',
    logger,
    stop: running.stop,
    timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    finally: () => tracing.shutdown(),
  });
}

main().catch((err: unknown) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
