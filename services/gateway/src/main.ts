import { loadCatalog } from '@appeals/core';
import { answerClientErrors, edgeOptions } from '@appeals/http';
import { initTracing } from '@appeals/observability';
import { trace } from '@opentelemetry/api';
import pino from 'pino';
import { loadOpen311Settings } from '@appeals/intake';
import { loadNotificationSettings } from '@appeals/notifications';
import { createEmbeddedSystem } from './embedded';
import { loadEnv } from './env';
import { DEFAULT_WEB_DIST, webAppBuilt } from './webApp';

/** Starts the whole system on the embedded default: `pnpm start`. */
async function main() {
  const env = loadEnv();
  const notifications = loadNotificationSettings(); // SMTP_*, SMS_CHANNEL, PUBLIC_URL, NOTIFY_RETRY_BACKOFF_MS
  const catalog = loadCatalog(env.CATALOG_FILE); // refuses a broken file, naming each bad field
  const tracing = initTracing({
    serviceName: env.OTEL_SERVICE_NAME,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  // every log line carries the active trace id, so logs and traces join up
  const logger = pino({
    level: env.LOG_LEVEL,
    mixin: () => {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  });
  const system = createEmbeddedSystem({
    dataDir: env.DATA_DIR,
    profileId: env.APPEALS_PROFILE,
    catalog,
    devAuth: env.DEV_AUTH,
    ...(env.oidc ? { oidc: env.oidc } : {}),
    edge: edgeOptions(env),
    deadlineSweepSeconds: env.DEADLINE_SWEEP_SECONDS,
    ...(env.PII_MASTER_KEY ? { piiMasterKey: env.PII_MASTER_KEY } : {}),
    logger,
    ...(env.WEB_DIST_DIR ? { webDistDir: env.WEB_DIST_DIR } : {}),
    notifications,
    open311: loadOpen311Settings(), // OPEN311_API_KEYS, OPEN311_DEFAULT_REGION, OPEN311_DEFAULT_KIND, OPEN311_LANGUAGE
  });
  await system.start();
  const server = system.app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    logger.info(
      { dataDir: env.DATA_DIR, profile: env.APPEALS_PROFILE, devAuth: env.DEV_AUTH, auth: env.AUTH_MODE },
      `Appeals platform (embedded) at http://${env.HOST}:${port}  — API docs: /openapi.json, events: /asyncapi.json`,
    );
    const webDist = env.WEB_DIST_DIR ?? DEFAULT_WEB_DIST;
    if (!webAppBuilt(webDist))
      logger.warn(`The web app is not built (${webDist}): run pnpm --filter @appeals/web build`);
  });
  answerClientErrors(server); // what the HTTP parser refuses is a problem+json too
  server.on('error', (err) => {
    logger.fatal({ err }, `Cannot listen on ${env.HOST}:${env.PORT}`);
    process.exit(1);
  });
  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
    server.close();
    await system.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
