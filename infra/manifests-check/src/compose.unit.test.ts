import {
  checkBindMounts,
  checkCollectorConfig,
  checkComposeHasServices,
  checkDependsOn,
  checkHealth,
  checkImageOrBuild,
  checkImages,
  checkKafkaKraft,
  checkPlatformBuilds,
  checkPlatformEnv,
  checkPublishedPorts,
  checkScalableConsumers,
} from './compose';
import { loadCollectorConfig, loadCompose } from './load';
import { property } from './testkit';
import { composeDir, repoRoot } from './yamlFiles';

const compose = loadCompose();

describe('infra/compose/compose.yaml', () => {
  property('has services', () => compose, checkComposeHasServices, [
    ['there are none', (c: any) => void delete c.services, 'no services defined'],
  ]);

  property('every service has an image or a build', () => compose, checkImageOrBuild, [
    [
      'mongo loses its image',
      (c: any) => void delete c.services.mongo.image,
      'compose service "mongo": has neither image nor build',
    ],
    [
      'intake loses its build',
      (c: any) => void delete c.services.intake.build,
      'compose service "intake": has neither image nor build',
    ],
  ]);

  property(
    'every service has a healthcheck or depends only on healthy services',
    () => compose,
    checkHealth,
    [
      [
        'postgres loses its healthcheck',
        (c: any) => void delete c.services.postgres.healthcheck,
        'compose service "postgres": has no healthcheck',
      ],
      [
        'mongo disables its healthcheck',
        (c: any) => void (c.services.mongo.healthcheck = { disable: true }),
        'compose service "mongo": has no healthcheck',
      ],
      [
        'the collector loses its exemption reason',
        (c: any) => void delete c.services['otel-collector']['x-healthcheck-exempt'],
        'compose service "otel-collector": has no healthcheck',
      ],
      [
        'a platform service without a healthcheck waits for a merely started service',
        (c: any) => void delete c.services.relay.healthcheck,
        'compose service "relay": has no healthcheck and does not depend only on healthy services',
      ],
    ],
  );

  property(
    'depends_on names existing services and waits for health only where there is a healthcheck',
    () => compose,
    checkDependsOn,
    [
      [
        'the gateway depends on a service that does not exist',
        (c: any) =>
          void (c.services.gateway.depends_on = {
            ...c.services.gateway.depends_on,
            billing: { condition: 'service_healthy' },
          }),
        'compose service "gateway": depends on "billing", which is not a service',
      ],
      [
        'kafka loses the healthcheck the services wait for',
        (c: any) => void delete c.services.kafka.healthcheck,
        'waits for "kafka" to be healthy, but "kafka" has no healthcheck',
      ],
      [
        'a service waits for the collector (no healthcheck) to be healthy',
        (c: any) =>
          void (c.services.intake.depends_on = { 'otel-collector': { condition: 'service_healthy' } }),
        'compose service "intake": waits for "otel-collector" to be healthy',
      ],
    ],
  );

  property('only the gateway publishes a port, on 127.0.0.1:8080', () => compose, checkPublishedPorts, [
    [
      'routing publishes a port',
      (c: any) => void (c.services.routing.ports = ['8081:8080']),
      'compose service "routing": publishes [0.0.0.0:8081:8080]',
    ],
    [
      'postgres publishes its port',
      (c: any) => void (c.services.postgres.ports = [{ target: 5432, published: 5432 }]),
      'only gateway may publish',
    ],
    [
      'the gateway listens on every interface',
      (c: any) => void (c.services.gateway.ports = ['8080:8080']),
      'must publish exactly "127.0.0.1:8080:8080"',
    ],
    [
      'the gateway publishes nothing',
      (c: any) => void delete c.services.gateway.ports,
      'compose service "gateway": must publish exactly',
    ],
  ]);

  property(
    'every platform process is built from infra/compose/Dockerfile with SERVICE=<name>',
    () => compose,
    (c) => checkPlatformBuilds(c, composeDir, repoRoot),
    [
      [
        'the relay is missing',
        (c: any) => void delete c.services.relay,
        'compose: platform process "relay" has no service',
      ],
      [
        'routing is built as intake',
        (c: any) =>
          void (c.services.routing.build = { ...c.services.routing.build, args: { SERVICE: 'intake' } }),
        'build arg SERVICE must be "routing"',
      ],
      [
        'audit uses another Dockerfile',
        (c: any) => void (c.services.audit.build = { ...c.services.audit.build, dockerfile: 'Dockerfile' }),
        'compose service "audit": must build from infra/compose/Dockerfile',
      ],
      [
        'response builds from the compose folder',
        (c: any) => void (c.services.response.build = { ...c.services.response.build, context: '.' }),
        'compose service "response": build context must be the repository root',
      ],
      [
        'projections uses an image instead',
        (c: any) => void (c.services.projections = { image: 'appeals/projections:latest' }),
        'compose service "projections": must be built',
      ],
    ],
  );

  property(
    'every platform process gets the validated environment and its own OTEL_SERVICE_NAME',
    () => compose,
    checkPlatformEnv,
    [
      [
        'audit lacks KAFKA_BROKERS',
        (c: any) => void delete c.services.audit.environment.KAFKA_BROKERS,
        'compose service "audit": environment lacks KAFKA_BROKERS',
      ],
      [
        'intake lacks the OIDC settings',
        (c: any) => void (c.services.intake.environment = { OTEL_SERVICE_NAME: 'intake' }),
        'OIDC_ISSUER, OIDC_JWKS_URI, OIDC_AUDIENCE',
      ],
      [
        'the gateway reports as intake',
        (c: any) => void (c.services.gateway.environment.OTEL_SERVICE_NAME = 'intake'),
        'compose service "gateway": OTEL_SERVICE_NAME must be "gateway"',
      ],
    ],
  );

  property('consumers can be scaled with --scale', () => compose, checkScalableConsumers, [
    [
      'routing gets a fixed container name',
      (c: any) => void (c.services.routing.container_name = 'routing'),
      'container_name prevents --scale routing=N',
    ],
    [
      'projections gets a port',
      (c: any) => void (c.services.projections.ports = ['8080']),
      'ports prevent --scale projections=N',
    ],
  ]);

  property('infrastructure runs the official images, pinned', () => compose, checkImages, [
    [
      'kafka floats on latest',
      (c: any) => void (c.services.kafka.image = 'apache/kafka:latest'),
      'compose service "kafka": image apache/kafka:latest is not pinned',
    ],
    [
      'postgres moves to another major',
      (c: any) => void (c.services.postgres.image = 'postgres:17'),
      'compose: no service runs the image postgres:16',
    ],
    [
      'the collector is untagged',
      (c: any) => void (c.services['otel-collector'].image = 'otel/opentelemetry-collector-contrib'),
      'no service runs otel/opentelemetry-collector-contrib',
    ],
  ]);

  property(
    'bind-mounted files exist',
    () => compose,
    (c) => checkBindMounts(c, composeDir),
    [
      [
        'the collector mounts a missing config',
        (c: any) =>
          void (c.services['otel-collector'].volumes = [
            './missing.yaml:/etc/otelcol-contrib/config.yaml:ro',
          ]),
        'bind-mounts ./missing.yaml, which does not exist',
      ],
    ],
  );

  property('kafka runs KRaft on a single node', () => compose, checkKafkaKraft, [
    [
      'it is only a broker',
      (c: any) => void (c.services.kafka.environment.KAFKA_PROCESS_ROLES = 'broker'),
      'KAFKA_PROCESS_ROLES must be broker,controller',
    ],
    [
      'it has no controller quorum',
      (c: any) => void delete c.services.kafka.environment.KAFKA_CONTROLLER_QUORUM_VOTERS,
      'KAFKA_CONTROLLER_QUORUM_VOTERS is not set',
    ],
    [
      'internal topics want 3 replicas',
      (c: any) => void (c.services.kafka.environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR = 3),
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR must be 1',
    ],
  ]);
});

describe('infra/compose/otel-collector.yaml', () => {
  property(
    'receives OTLP over gRPC and HTTP and exports to debug, with consistent pipelines',
    loadCollectorConfig,
    checkCollectorConfig,
    [
      [
        'the HTTP protocol is missing',
        (c: any) => void delete c.receivers.otlp.protocols.http,
        'the otlp receiver lacks the http protocol',
      ],
      ['the debug exporter is missing', (c: any) => void delete c.exporters.debug, 'no debug exporter'],
      [
        'a pipeline names an undefined exporter',
        (c: any) => void c.service.pipelines.traces.exporters.push('jaeger'),
        'pipeline traces uses exporter jaeger, which is not defined',
      ],
      [
        'a pipeline has no receivers',
        (c: any) => void (c.service.pipelines.logs.receivers = []),
        'pipeline logs has no receivers',
      ],
      [
        'an undefined extension is enabled',
        (c: any) => void c.service.extensions.push('zpages'),
        'service uses extension zpages',
      ],
    ],
  );
});
