import {
  checkConfigMaps,
  checkDeploymentSelectors,
  checkEnv,
  checkGracefulStop,
  checkHpas,
  checkIngress,
  checkKustomization,
  checkPdbs,
  checkPlatformDeployments,
  checkProbes,
  checkResources,
  checkKafkaCredentials,
  checkSecretTemplate,
  checkSecurity,
  checkServices,
  checkUniqueNames,
  toResources,
  type Resource,
} from './k8s';
import { loadK8s, type K8sManifests } from './load';
import { property } from './testkit';

const manifests = loadK8s();
const resources = (): Resource[] => manifests.resources;

/** the body of one resource of a (cloned) list */
function body(list: Resource[], kind: string, name: string): any {
  const found = list.find((resource) => resource.kind === kind && resource.name === name);
  if (found === undefined) throw new Error(`test setup: no ${kind}/${name}`);
  return found.body;
}
const container = (list: Resource[], name: string): any =>
  body(list, 'Deployment', name).spec.template.spec.containers[0];
const without = (list: Resource[], kind: string, name: string): Resource[] =>
  list.filter((resource) => !(resource.kind === kind && resource.name === name));

describe('infra/k8s', () => {
  it('every listed file parses into resources with apiVersion, kind and metadata.name', () => {
    expect(manifests.problems).toEqual([]);
    expect(manifests.resources.length).toBeGreaterThan(0);
  });

  it('a document without kind or with a bad name is reported', () => {
    const { problems } = toResources('bad.yaml', [
      { apiVersion: 'v1', metadata: { name: 'Bad_Name' } },
      'text',
    ]);
    expect(problems).toEqual([
      'bad.yaml document 1: has no kind',
      'bad.yaml document 1: metadata.name "Bad_Name" is not a DNS-1123 label',
      'bad.yaml document 2: is not a mapping',
    ]);
  });

  property('names are unique per kind', resources, checkUniqueNames, [
    [
      'a Service is defined twice',
      (list) => [...list, { ...list.find((r) => r.kind === 'Service')!, file: 'copy.yaml' }],
      'defined twice',
    ],
  ]);

  property(
    'kustomization.yaml lists exactly the files present, sets the namespace and pins every image',
    () => manifests,
    (m: K8sManifests) => checkKustomization(m.kustomization, m.files, m.resources),
    [
      [
        'a file is not listed',
        (m: any) =>
          void (m.kustomization.resources = m.kustomization.resources.filter(
            (f: string) => f !== 'relay.yaml',
          )),
        'does not list relay.yaml, which is in infra/k8s',
      ],
      [
        'a new file is added to the folder only',
        (m: any) => void m.files.push('worker.yaml'),
        'does not list worker.yaml',
      ],
      [
        'a listed file does not exist',
        (m: any) => void m.kustomization.resources.push('billing.yaml'),
        'lists billing.yaml, which is not a YAML file in infra/k8s',
      ],
      [
        'a file is listed twice',
        (m: any) => void m.kustomization.resources.push('intake.yaml'),
        'lists intake.yaml more than once',
      ],
      [
        'the namespace is default',
        (m: any) => void (m.kustomization.namespace = 'default'),
        'namespace must be "appeals"',
      ],
      [
        'the Namespace resource is gone',
        (m: any) => void (m.resources = without(m.resources, 'Namespace', 'appeals')),
        'no Namespace resource named "appeals"',
      ],
      [
        'an image is not pinned',
        (m: any) =>
          void (m.kustomization.images = m.kustomization.images.filter(
            (i: any) => i.name !== 'appeals/audit',
          )),
        'images does not pin appeals/audit',
      ],
    ],
  );

  property(
    'every Deployment has readiness (/ready), liveness (/health) and startup probes',
    resources,
    checkProbes,
    [
      [
        'intake has no readiness probe',
        (list) => void delete container(list, 'intake').readinessProbe,
        'Deployment/intake (intake.yaml): container intake: has no readinessProbe',
      ],
      [
        'routing has no liveness probe',
        (list) => void delete container(list, 'routing').livenessProbe,
        'container routing: has no livenessProbe',
      ],
      [
        'relay has no startup probe',
        (list) => void delete container(list, 'relay').startupProbe,
        'container relay: has no startupProbe',
      ],
      [
        'liveness probes /ready',
        (list) => void (container(list, 'audit').livenessProbe.httpGet.path = '/ready'),
        'livenessProbe must be httpGet /health, is "/ready"',
      ],
      [
        'readiness probes a port the container lacks',
        (list) => void (container(list, 'gateway').readinessProbe.httpGet.port = 'metrics'),
        'readinessProbe port "metrics" is not a declared container port',
      ],
      [
        'a Deployment has no containers',
        (list) => void (body(list, 'Deployment', 'response').spec.template.spec.containers = []),
        'Deployment/response (response.yaml): has no containers',
      ],
    ],
  );

  property('every container requests and is limited in CPU and memory', resources, checkResources, [
    [
      'projections requests no memory',
      (list) => void delete container(list, 'projections').resources.requests.memory,
      'container projections: has no resources.requests.memory',
    ],
    [
      'the gateway has no limits',
      (list) => void delete container(list, 'gateway').resources.limits,
      'has no resources.limits.cpu',
    ],
  ]);

  property('every pod runs as non-root with a read-only root filesystem', resources, checkSecurity, [
    [
      'runAsNonRoot is dropped from pod and container',
      (list) => {
        delete body(list, 'Deployment', 'intake').spec.template.spec.securityContext.runAsNonRoot;
        delete container(list, 'intake').securityContext.runAsNonRoot;
      },
      'container intake: runAsNonRoot is not true',
    ],
    [
      'the container overrides runAsNonRoot to false',
      (list) => void (container(list, 'relay').securityContext.runAsNonRoot = false),
      'container relay: runAsNonRoot is not true',
    ],
    [
      'the pod runs as uid 0',
      (list) => void (body(list, 'Deployment', 'audit').spec.template.spec.securityContext.runAsUser = 0),
      'container audit: runAsUser is 0',
    ],
    [
      'the root filesystem is writable',
      (list) => void (container(list, 'routing').securityContext.readOnlyRootFilesystem = false),
      'readOnlyRootFilesystem is not true',
    ],
    [
      'privilege escalation is allowed',
      (list) => void delete container(list, 'gateway').securityContext.allowPrivilegeEscalation,
      'allowPrivilegeEscalation is not false',
    ],
  ]);

  property('every Deployment sets terminationGracePeriodSeconds', resources, checkGracefulStop, [
    [
      'routing leaves it to the default',
      (list) =>
        void delete body(list, 'Deployment', 'routing').spec.template.spec.terminationGracePeriodSeconds,
      'Deployment/routing (routing.yaml): terminationGracePeriodSeconds must be set',
    ],
  ]);

  property("every Deployment's selector matches its pod labels", resources, checkDeploymentSelectors, [
    [
      'the selector names another app',
      (list) =>
        void (body(list, 'Deployment', 'intake').spec.selector.matchLabels = {
          'app.kubernetes.io/name': 'intak',
        }),
      'selector {app.kubernetes.io/name=intak} does not match its pod labels',
    ],
  ]);

  property(
    'configuration comes from the ConfigMap and Secret and covers every validated variable',
    resources,
    checkEnv,
    [
      [
        'envFrom names a missing ConfigMap',
        (list) => void (container(list, 'intake').envFrom[0].configMapRef.name = 'appeal-config'),
        'envFrom names ConfigMap appeal-config, which is not defined',
      ],
      [
        'the Secret is not referenced',
        (list) => void (container(list, 'audit').envFrom = container(list, 'audit').envFrom.slice(0, 1)),
        'container audit: takes no envFrom secretRef',
      ],
      [
        'the ConfigMap loses KAFKA_BROKERS',
        (list) => void delete body(list, 'ConfigMap', 'appeals-config').data.KAFKA_BROKERS,
        'no value for KAFKA_BROKERS',
      ],
      [
        'a service reports under another name',
        (list) => void (container(list, 'routing').env[0].value = 'router'),
        'OTEL_SERVICE_NAME must be "routing", is "router"',
      ],
      [
        'an env value is a number',
        (list) => void container(list, 'gateway').env.push({ name: 'PORT', value: 8080 }),
        'env PORT must be a string',
      ],
    ],
  );

  property('every platform process has a Deployment', resources, checkPlatformDeployments, [
    [
      'the relay Deployment is gone',
      (list) => without(list, 'Deployment', 'relay'),
      'platform process "relay" has no Deployment',
    ],
  ]);

  property(
    'every HTTP process has a Service matching its pods, and every Service matches a Deployment',
    resources,
    checkServices,
    [
      [
        'the intake Service is gone',
        (list) => without(list, 'Service', 'intake'),
        'Deployment/intake (intake.yaml): HTTP process with no Service',
      ],
      [
        'a Service selects nothing',
        (list) =>
          void (body(list, 'Service', 'response').spec.selector = { 'app.kubernetes.io/name': 'responses' }),
        'Service/response (response.yaml): selector {app.kubernetes.io/name=responses} matches no Deployment',
      ],
      [
        'a Service targets a port the pods lack',
        (list) => void (body(list, 'Service', 'audit').spec.ports[0].targetPort = 'grpc'),
        'targetPort "grpc" is not a port of Deployment/audit',
      ],
    ],
  );

  property(
    'every HPA targets a Deployment here with 1 ≤ minReplicas ≤ maxReplicas ≤ 12',
    resources,
    checkHpas,
    [
      [
        'routing may grow past the partitions',
        (list) => void (body(list, 'HorizontalPodAutoscaler', 'routing').spec.maxReplicas = 13),
        'maxReplicas must be at most 12',
      ],
      [
        'an HPA targets a missing Deployment',
        (list) => void (body(list, 'HorizontalPodAutoscaler', 'audit').spec.scaleTargetRef.name = 'auditor'),
        'scaleTargetRef Deployment/auditor is not a Deployment defined here',
      ],
      [
        'minReplicas is 0',
        (list) => void (body(list, 'HorizontalPodAutoscaler', 'projections').spec.minReplicas = 0),
        'minReplicas must be between 1 and maxReplicas',
      ],
      [
        'a consumer has no HPA',
        (list) => without(list, 'HorizontalPodAutoscaler', 'projections'),
        'consumer "projections" has no HorizontalPodAutoscaler',
      ],
      [
        'a scaled Deployment pins replicas',
        (list) => void (body(list, 'Deployment', 'routing').spec.replicas = 3),
        'Deployment/routing (routing.yaml): sets spec.replicas',
      ],
    ],
  );

  property('the gateway has a PodDisruptionBudget that lets nodes drain', resources, checkPdbs, [
    [
      'the PDB is gone',
      (list) => without(list, 'PodDisruptionBudget', 'gateway'),
      'Deployment/gateway (gateway.yaml): has no PodDisruptionBudget',
    ],
    [
      'minAvailable equals the replicas',
      (list) => void (body(list, 'PodDisruptionBudget', 'gateway').spec.minAvailable = 2),
      'minAvailable 2 ≥ replicas 2',
    ],
    [
      'the PDB selects nothing',
      (list) =>
        void (body(list, 'PodDisruptionBudget', 'gateway').spec.selector.matchLabels = { app: 'gateway' }),
      'matches no Deployment',
    ],
  ]);

  property('the Ingress routes to the gateway Service on a port it has', resources, checkIngress, [
    [
      'the backend Service does not exist',
      (list) =>
        void (body(list, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service.name = 'gw'),
      'backend Service gw is not defined',
    ],
    [
      'the backend port does not exist',
      (list) =>
        void (body(list, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service.port = {
          name: 'https',
        }),
      'backend port "https" is not a port of Service/gateway',
    ],
    [
      'there is no Ingress',
      (list) => without(list, 'Ingress', 'gateway'),
      'no Ingress routes to the gateway Service',
    ],
  ]);

  property('the Secret is a template of marked placeholders', resources, checkSecretTemplate, [
    [
      'a real password is filled in',
      (list) =>
        void (body(list, 'Secret', 'appeals-secrets').stringData.POSTGRES_URL =
          'postgres://appeals:hunter2@db:5432/appeals'),
      'POSTGRES_URL is not a REPLACE_ME placeholder',
    ],
    [
      'base64 data is added',
      (list) => void (body(list, 'Secret', 'appeals-secrets').data = { MONGODB_URL: 'bW9uZ28=' }),
      'holds base64 data',
    ],
  ]);

  property('each Kafka client connects as its own SASL user', resources, checkKafkaCredentials, [
    [
      'the mechanism is dropped',
      (list) => void delete body(list, 'ConfigMap', 'appeals-config').data.KAFKA_SASL_MECHANISM,
      'no ConfigMap sets KAFKA_SASL_MECHANISM',
    ],
    [
      'routing connects as the relay',
      (list) =>
        void (container(list, 'routing').env.find((e: any) => e.name === 'KAFKA_SASL_USERNAME').value =
          'relay'),
      'KAFKA_SASL_USERNAME must be "routing"',
    ],
    [
      "the agency feed reads the relay's password",
      (list) =>
        void (container(list, 'agency-feed').env.find(
          (e: any) => e.name === 'KAFKA_SASL_PASSWORD',
        ).valueFrom.secretKeyRef.key = 'relay'),
      'KAFKA_SASL_PASSWORD must come from secretKeyRef appeals-kafka-users/agency-feed',
    ],
    [
      "the audit's key is missing from the Secret",
      (list) => void delete body(list, 'Secret', 'appeals-kafka-users').stringData.audit,
      'Secret appeals-kafka-users has no key audit',
    ],
  ]);

  property('ConfigMap values are strings and dev tokens are off', resources, checkConfigMaps, [
    [
      'dev tokens are on',
      (list) => void (body(list, 'ConfigMap', 'appeals-config').data.AUTH_MODE = 'dev'),
      'AUTH_MODE must be "oidc" in a cluster',
    ],
    [
      'PORT is an unquoted number',
      (list) => void (body(list, 'ConfigMap', 'appeals-config').data.PORT = 8080),
      'PORT must be a string, is 8080',
    ],
  ]);
});
