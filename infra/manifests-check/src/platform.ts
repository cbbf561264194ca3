/**
 * What the manifests must describe: the platform's processes and the configuration each validates at start.
 * The checks read these lists, so a process added here must be added to compose and k8s too.
 */
export const PROCESSES = [
  'intake',
  'routing',
  'response',
  'audit',
  'projections',
  'relay',
  'agency-feed',
  'notifications',
  'gateway',
] as const;
export type ProcessName = (typeof PROCESSES)[number];

/** processes that serve HTTP to others (a Service each); the relay's port serves only probes */
export const HTTP_PROCESSES: readonly ProcessName[] = [
  'intake',
  'routing',
  'response',
  'audit',
  'projections',
  'gateway',
];

/** consumer-group services that scale out by partition */
export const CONSUMERS: readonly ProcessName[] = [
  'routing',
  'audit',
  'projections',
  'agency-feed',
  'notifications',
];

/** processes that use Kafka, each as its own SASL user named like the process (k8s: Secret appeals-kafka-users) */
export const KAFKA_CLIENTS: readonly ProcessName[] = PROCESSES.filter((name) => name !== 'gateway');
export const KAFKA_USERS_SECRET = 'appeals-kafka-users';

/** the one process reachable from outside */
export const PUBLIC_PROCESS: ProcessName = 'gateway';

/** partitions of every topic: more consumers than this in one group sit idle */
export const PARTITIONS = 12;

/** environment every process validates at start */
export const REQUIRED_ENV = [
  'POSTGRES_URL',
  'KAFKA_BROKERS',
  'MONGODB_URL',
  'APPEALS_PROFILE',
  'AUTH_MODE',
  'OIDC_ISSUER',
  'OIDC_JWKS_URI',
  'OIDC_AUDIENCE',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'LOG_LEVEL',
] as const;

/** compose: the only published port, loopback only */
export const GATEWAY_PUBLISHED = '127.0.0.1:8080:8080';

/** compose: the official images and versions the setup is written for */
export const INFRA_IMAGES = ['postgres:16', 'apache/kafka:4.1.0', 'mongo:7'] as const;
export const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib';

export const NODE_IMAGE = 'node:20-bookworm-slim';
export const PNPM = 'pnpm@10.34.8';

/** the Secret template marks every placeholder with this */
export const PLACEHOLDER = 'REPLACE_ME';
