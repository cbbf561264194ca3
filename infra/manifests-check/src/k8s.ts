import {
  CONSUMERS,
  HTTP_PROCESSES,
  KAFKA_CLIENTS,
  KAFKA_USERS_SECRET,
  PARTITIONS,
  PLACEHOLDER,
  PROCESSES,
  PUBLIC_PROCESS,
  REQUIRED_ENV,
} from './platform';
import { arr, describeLabels, get, isObj, obj, selects, str, stringMap, type Obj } from './util';

/**
 * Checks of infra/k8s. Each takes the resources of every listed file and returns one message per violation,
 * naming the resource (Kind/name in file) and what is wrong; an empty list means the property holds.
 */

export interface Resource {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  body: Obj;
}

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function where(resource: Resource): string {
  return `${resource.kind}/${resource.name} (${resource.file})`;
}

/** Turns the documents of one file into resources; each must be a mapping with apiVersion, kind, metadata.name. */
export function toResources(file: string, docs: unknown[]): { resources: Resource[]; problems: string[] } {
  const resources: Resource[] = [];
  const problems: string[] = [];
  docs.forEach((doc, index) => {
    const at = `${file} document ${index + 1}`;
    if (!isObj(doc)) {
      problems.push(`${at}: is not a mapping`);
      return;
    }
    const apiVersion = str(doc.apiVersion);
    const kind = str(doc.kind);
    const name = str(get(doc, 'metadata', 'name'));
    if (apiVersion === undefined) problems.push(`${at}: has no apiVersion`);
    if (kind === undefined) problems.push(`${at}: has no kind`);
    if (name === undefined) problems.push(`${at}: has no metadata.name`);
    else if (!DNS_1123.test(name)) problems.push(`${at}: metadata.name "${name}" is not a DNS-1123 label`);
    if (apiVersion !== undefined && kind !== undefined && name !== undefined) {
      resources.push({ file, apiVersion, kind, name, body: doc });
    }
  });
  return { resources, problems };
}

export function ofKind(resources: Resource[], kind: string): Resource[] {
  return resources.filter((resource) => resource.kind === kind);
}

function podSpec(deployment: Resource): Obj {
  return obj(get(deployment.body, 'spec', 'template', 'spec'));
}

function podLabels(deployment: Resource): Record<string, string> {
  return stringMap(get(deployment.body, 'spec', 'template', 'metadata', 'labels'));
}

function containers(deployment: Resource): Obj[] {
  return arr(podSpec(deployment).containers).map(obj);
}

function containerName(container: Obj, index: number): string {
  return str(container.name) ?? `#${index + 1}`;
}

/** Names are unique per kind. */
export function checkUniqueNames(resources: Resource[]): string[] {
  const seen = new Map<string, Resource>();
  const problems: string[] = [];
  for (const resource of resources) {
    const key = `${resource.kind}/${resource.name}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${key}: defined twice (${first.file} and ${resource.file})`);
    else seen.set(key, resource);
  }
  return problems;
}

/**
 * kustomization.yaml lists exactly the YAML files of the folder (besides itself), each once, sets the
 * namespace `appeals` that a Namespace resource creates, and pins a tag for every Deployment image.
 */
export function checkKustomization(
  kustomization: unknown,
  filesPresent: string[],
  resources: Resource[],
): string[] {
  const problems: string[] = [];
  const listed = arr(get(kustomization, 'resources')).map((entry) => String(entry));
  const expected = filesPresent.filter(
    (file) => file !== 'kustomization.yaml' && file !== 'kustomization.yml',
  );
  for (const file of expected) {
    if (!listed.includes(file))
      problems.push(`kustomization.yaml: does not list ${file}, which is in infra/k8s`);
  }
  for (const file of listed) {
    if (!expected.includes(file))
      problems.push(`kustomization.yaml: lists ${file}, which is not a YAML file in infra/k8s`);
  }
  const duplicates = listed.filter((file, index) => listed.indexOf(file) !== index);
  for (const file of new Set(duplicates)) problems.push(`kustomization.yaml: lists ${file} more than once`);

  const namespace = str(get(kustomization, 'namespace'));
  if (namespace !== 'appeals')
    problems.push(`kustomization.yaml: namespace must be "appeals", is ${JSON.stringify(namespace)}`);
  if (!ofKind(resources, 'Namespace').some((resource) => resource.name === 'appeals')) {
    problems.push('kustomization.yaml: no Namespace resource named "appeals" among its resources');
  }

  const images = arr(get(kustomization, 'images')).map((entry) => str(get(entry, 'name')));
  for (const deployment of ofKind(resources, 'Deployment')) {
    containers(deployment).forEach((container, index) => {
      const image = str(container.image);
      if (image === undefined) {
        problems.push(`${where(deployment)}: container ${containerName(container, index)} has no image`);
        return;
      }
      const name = image.replace(/[:@].*$/, '');
      if (!images.includes(name)) {
        problems.push(`kustomization.yaml: images does not pin ${name} (used by ${where(deployment)})`);
      }
    });
  }
  return problems;
}

function probePort(probe: unknown): unknown {
  return get(probe, 'httpGet', 'port');
}

/** Every container: readiness on GET /ready, liveness on GET /health, a startup probe, ports that exist. */
export function checkProbes(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind(resources, 'Deployment')) {
    if (containers(deployment).length === 0) problems.push(`${where(deployment)}: has no containers`);
    containers(deployment).forEach((container, index) => {
      const at = `${where(deployment)}: container ${containerName(container, index)}`;
      const ports = arr(container.ports).map(obj);
      const portNames = ports.map((port) => port.name);
      const portNumbers = ports.map((port) => port.containerPort);
      const expectations: Array<[string, string | undefined]> = [
        ['readinessProbe', '/ready'],
        ['livenessProbe', '/health'],
        ['startupProbe', undefined],
      ];
      for (const [kind, path] of expectations) {
        const probe = container[kind];
        if (!isObj(probe)) {
          problems.push(`${at}: has no ${kind}`);
          continue;
        }
        if (path !== undefined && get(probe, 'httpGet', 'path') !== path) {
          problems.push(
            `${at}: ${kind} must be httpGet ${path}, is ${JSON.stringify(get(probe, 'httpGet', 'path') ?? null)}`,
          );
        }
        const port = probePort(probe);
        if (port !== undefined && !portNames.includes(port) && !portNumbers.includes(port)) {
          problems.push(`${at}: ${kind} port ${JSON.stringify(port)} is not a declared container port`);
        }
      }
    });
  }
  return problems;
}

/** Every container requests CPU and memory and is limited in both. */
export function checkResources(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind(resources, 'Deployment')) {
    containers(deployment).forEach((container, index) => {
      const at = `${where(deployment)}: container ${containerName(container, index)}`;
      for (const bound of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          const value = get(container, 'resources', bound, resource);
          if (typeof value !== 'string' && typeof value !== 'number')
            problems.push(`${at}: has no resources.${bound}.${resource}`);
        }
      }
    });
  }
  return problems;
}

/** Pods run as non-root; every container has a read-only root filesystem and cannot escalate privileges. */
export function checkSecurity(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind(resources, 'Deployment')) {
    const podNonRoot = get(podSpec(deployment), 'securityContext', 'runAsNonRoot');
    const podUser = get(podSpec(deployment), 'securityContext', 'runAsUser');
    containers(deployment).forEach((container, index) => {
      const at = `${where(deployment)}: container ${containerName(container, index)}`;
      const nonRoot = get(container, 'securityContext', 'runAsNonRoot') ?? podNonRoot;
      if (nonRoot !== true)
        problems.push(`${at}: runAsNonRoot is not true (pod or container securityContext)`);
      const user = get(container, 'securityContext', 'runAsUser') ?? podUser;
      if (user === 0) problems.push(`${at}: runAsUser is 0 (root)`);
      if (get(container, 'securityContext', 'readOnlyRootFilesystem') !== true) {
        problems.push(`${at}: securityContext.readOnlyRootFilesystem is not true`);
      }
      if (get(container, 'securityContext', 'allowPrivilegeEscalation') !== false) {
        problems.push(`${at}: securityContext.allowPrivilegeEscalation is not false`);
      }
    });
  }
  return problems;
}

/** Every Deployment says how long a graceful shutdown may take. */
export function checkGracefulStop(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind(resources, 'Deployment')) {
    const grace = podSpec(deployment).terminationGracePeriodSeconds;
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 10) {
      problems.push(
        `${where(deployment)}: terminationGracePeriodSeconds must be set to at least 10, is ${JSON.stringify(grace ?? null)}`,
      );
    }
  }
  return problems;
}

/** A Deployment's selector is non-empty and matches its own pod template labels. */
export function checkDeploymentSelectors(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind(resources, 'Deployment')) {
    const selector = stringMap(get(deployment.body, 'spec', 'selector', 'matchLabels'));
    if (!selects(selector, podLabels(deployment))) {
      problems.push(
        `${where(deployment)}: selector ${describeLabels(selector)} does not match its pod labels ${describeLabels(podLabels(deployment))}`,
      );
    }
  }
  return problems;
}

/**
 * Configuration comes from the shared ConfigMap and Secret (which exist), covers every validated variable,
 * names the process in OTEL_SERVICE_NAME, and every literal env value is a string.
 */
export function checkEnv(resources: Resource[]): string[] {
  const problems: string[] = [];
  const configMaps = new Map(ofKind(resources, 'ConfigMap').map((resource) => [resource.name, resource]));
  const secrets = new Map(ofKind(resources, 'Secret').map((resource) => [resource.name, resource]));
  for (const deployment of ofKind(resources, 'Deployment')) {
    containers(deployment).forEach((container, index) => {
      const at = `${where(deployment)}: container ${containerName(container, index)}`;
      const provided = new Set<string>();
      let fromConfigMap = false;
      let fromSecret = false;
      for (const source of arr(container.envFrom)) {
        const configMap = str(get(source, 'configMapRef', 'name'));
        const secret = str(get(source, 'secretRef', 'name'));
        if (configMap !== undefined) {
          fromConfigMap = true;
          const found = configMaps.get(configMap);
          if (found === undefined)
            problems.push(`${at}: envFrom names ConfigMap ${configMap}, which is not defined`);
          else Object.keys(obj(found.body.data)).forEach((key) => provided.add(key));
        }
        if (secret !== undefined) {
          fromSecret = true;
          const found = secrets.get(secret);
          if (found === undefined)
            problems.push(`${at}: envFrom names Secret ${secret}, which is not defined`);
          else
            [...Object.keys(obj(found.body.stringData)), ...Object.keys(obj(found.body.data))].forEach(
              (key) => provided.add(key),
            );
        }
      }
      if (!fromConfigMap) problems.push(`${at}: takes no envFrom configMapRef`);
      if (!fromSecret) problems.push(`${at}: takes no envFrom secretRef`);
      for (const entry of arr(container.env).map(obj)) {
        const name = str(entry.name);
        if (name === undefined) {
          problems.push(`${at}: an env entry has no name`);
          continue;
        }
        provided.add(name);
        if ('value' in entry && typeof entry.value !== 'string') {
          problems.push(`${at}: env ${name} must be a string, is ${JSON.stringify(entry.value)} (quote it)`);
        }
        if (name === 'OTEL_SERVICE_NAME' && entry.value !== deployment.name) {
          problems.push(
            `${at}: OTEL_SERVICE_NAME must be "${deployment.name}", is ${JSON.stringify(entry.value)}`,
          );
        }
      }
      const missing = REQUIRED_ENV.filter((key) => !provided.has(key));
      if (missing.length > 0)
        problems.push(`${at}: no value for ${missing.join(', ')} (ConfigMap, Secret or env)`);
    });
  }
  return problems;
}

/** Every platform process has a Deployment. */
export function checkPlatformDeployments(resources: Resource[]): string[] {
  const names = ofKind(resources, 'Deployment').map((resource) => resource.name);
  return PROCESSES.filter((name) => !names.includes(name)).map(
    (name) => `k8s: platform process "${name}" has no Deployment`,
  );
}

/**
 * Every HTTP process has a Service selecting its pods; every Service selects some Deployment's pods and
 * targets a port those pods declare.
 */
export function checkServices(resources: Resource[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind(resources, 'Deployment');
  const serviceList = ofKind(resources, 'Service');
  for (const service of serviceList) {
    const selector = stringMap(get(service.body, 'spec', 'selector'));
    const targets = deployments.filter((deployment) => selects(selector, podLabels(deployment)));
    if (targets.length === 0) {
      problems.push(
        `${where(service)}: selector ${describeLabels(selector)} matches no Deployment's pod labels`,
      );
      continue;
    }
    const ports = arr(get(service.body, 'spec', 'ports')).map(obj);
    if (ports.length === 0) problems.push(`${where(service)}: has no ports`);
    for (const port of ports) {
      const target = port.targetPort ?? port.port;
      for (const deployment of targets) {
        const declared = containers(deployment).flatMap((container) => arr(container.ports).map(obj));
        if (!declared.some((entry) => entry.name === target || entry.containerPort === target)) {
          problems.push(
            `${where(service)}: targetPort ${JSON.stringify(target)} is not a port of ${where(deployment)}`,
          );
        }
      }
    }
  }
  for (const name of HTTP_PROCESSES) {
    const deployment = deployments.find((resource) => resource.name === name);
    if (deployment === undefined) continue; // reported by checkPlatformDeployments
    const matching = serviceList.filter((service) =>
      selects(stringMap(get(service.body, 'spec', 'selector')), podLabels(deployment)),
    );
    if (matching.length === 0)
      problems.push(`${where(deployment)}: HTTP process with no Service selecting its pods`);
  }
  return problems;
}

/**
 * Every HPA targets an existing Deployment, 1 ≤ min ≤ max ≤ partitions; every consumer has one; a Deployment
 * scaled by an HPA sets no replicas of its own (each apply would reset the HPA's choice).
 */
export function checkHpas(resources: Resource[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind(resources, 'Deployment');
  const hpas = ofKind(resources, 'HorizontalPodAutoscaler');
  for (const hpa of hpas) {
    const kind = get(hpa.body, 'spec', 'scaleTargetRef', 'kind');
    const name = str(get(hpa.body, 'spec', 'scaleTargetRef', 'name'));
    const target = deployments.find((deployment) => deployment.name === name);
    if (kind !== 'Deployment' || target === undefined) {
      problems.push(
        `${where(hpa)}: scaleTargetRef ${String(kind)}/${String(name)} is not a Deployment defined here`,
      );
    } else if (get(target.body, 'spec', 'replicas') !== undefined) {
      problems.push(`${where(target)}: sets spec.replicas although ${where(hpa)} scales it`);
    }
    const min = get(hpa.body, 'spec', 'minReplicas') ?? 1;
    const max = get(hpa.body, 'spec', 'maxReplicas');
    if (typeof max !== 'number' || max > PARTITIONS) {
      problems.push(
        `${where(hpa)}: maxReplicas must be at most ${PARTITIONS} (the topic's partitions), is ${JSON.stringify(max ?? null)}`,
      );
    }
    if (typeof min !== 'number' || min < 1 || (typeof max === 'number' && min > max)) {
      problems.push(
        `${where(hpa)}: minReplicas must be between 1 and maxReplicas, is ${JSON.stringify(min)}`,
      );
    }
  }
  for (const name of CONSUMERS) {
    if (!hpas.some((hpa) => get(hpa.body, 'spec', 'scaleTargetRef', 'name') === name)) {
      problems.push(`k8s: consumer "${name}" has no HorizontalPodAutoscaler`);
    }
  }
  return problems;
}

/** The gateway has a PodDisruptionBudget selecting its pods that still lets a node drain. */
export function checkPdbs(resources: Resource[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind(resources, 'Deployment');
  const pdbs = ofKind(resources, 'PodDisruptionBudget');
  for (const pdb of pdbs) {
    const selector = stringMap(get(pdb.body, 'spec', 'selector', 'matchLabels'));
    const targets = deployments.filter((deployment) => selects(selector, podLabels(deployment)));
    if (targets.length === 0) {
      problems.push(`${where(pdb)}: selector ${describeLabels(selector)} matches no Deployment's pod labels`);
    }
    const minAvailable = get(pdb.body, 'spec', 'minAvailable');
    for (const target of targets) {
      const replicas = get(target.body, 'spec', 'replicas') ?? 1;
      if (typeof minAvailable === 'number' && typeof replicas === 'number' && minAvailable >= replicas) {
        problems.push(
          `${where(pdb)}: minAvailable ${minAvailable} ≥ replicas ${replicas} of ${where(target)}: no node could drain`,
        );
      }
    }
  }
  const gateway = deployments.find((deployment) => deployment.name === PUBLIC_PROCESS);
  if (
    gateway !== undefined &&
    !pdbs.some((pdb) =>
      selects(stringMap(get(pdb.body, 'spec', 'selector', 'matchLabels')), podLabels(gateway)),
    )
  ) {
    problems.push(`${where(gateway)}: has no PodDisruptionBudget`);
  }
  return problems;
}

/** Ingress backends are Services defined here, on ports they have; the gateway is reachable through one. */
export function checkIngress(resources: Resource[]): string[] {
  const problems: string[] = [];
  const serviceList = ofKind(resources, 'Service');
  let reachesGateway = false;
  for (const ingress of ofKind(resources, 'Ingress')) {
    const backends = arr(get(ingress.body, 'spec', 'rules')).flatMap((rule) =>
      arr(get(rule, 'http', 'paths')).map((path) => get(path, 'backend', 'service')),
    );
    const fallback = get(ingress.body, 'spec', 'defaultBackend', 'service');
    if (fallback !== undefined) backends.push(fallback);
    if (backends.length === 0) problems.push(`${where(ingress)}: has no backends`);
    for (const backend of backends) {
      const name = str(get(backend, 'name'));
      const port = get(backend, 'port', 'name') ?? get(backend, 'port', 'number');
      const service = serviceList.find((resource) => resource.name === name);
      if (service === undefined) {
        problems.push(`${where(ingress)}: backend Service ${String(name)} is not defined`);
        continue;
      }
      const ports = arr(get(service.body, 'spec', 'ports')).map(obj);
      if (!ports.some((entry) => entry.name === port || entry.port === port)) {
        problems.push(
          `${where(ingress)}: backend port ${JSON.stringify(port)} is not a port of ${where(service)}`,
        );
      }
      if (name === PUBLIC_PROCESS) reachesGateway = true;
    }
  }
  if (!reachesGateway) problems.push(`k8s: no Ingress routes to the ${PUBLIC_PROCESS} Service`);
  return problems;
}

/** The Secret is a template: every value is a marked placeholder, none is base64 `data`. */
export function checkSecretTemplate(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const secret of ofKind(resources, 'Secret')) {
    if (Object.keys(obj(secret.body.data)).length > 0) {
      problems.push(
        `${where(secret)}: holds base64 data; a committed Secret carries only stringData placeholders`,
      );
    }
    const values = Object.entries(obj(secret.body.stringData));
    if (values.length === 0) problems.push(`${where(secret)}: has no stringData`);
    for (const [key, value] of values) {
      if (typeof value !== 'string' || !value.includes(PLACEHOLDER)) {
        problems.push(
          `${where(secret)}: ${key} is not a ${PLACEHOLDER} placeholder; never commit a real secret`,
        );
      }
    }
  }
  return problems;
}

/** ConfigMap values are strings, and dev tokens are off (AUTH_MODE is oidc). */
export function checkConfigMaps(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const configMap of ofKind(resources, 'ConfigMap')) {
    for (const [key, value] of Object.entries(obj(configMap.body.data))) {
      if (typeof value !== 'string') {
        problems.push(`${where(configMap)}: ${key} must be a string, is ${JSON.stringify(value)} (quote it)`);
      }
      if (key === 'AUTH_MODE' && value !== 'oidc') {
        problems.push(
          `${where(configMap)}: AUTH_MODE must be "oidc" in a cluster, is ${JSON.stringify(value)}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Kafka with SASL/SCRAM: the ConfigMap names the mechanism, and every process that uses Kafka connects as its own
 * user, named like the process, with its password from its own key of the Kafka users Secret.
 */
export function checkKafkaCredentials(resources: Resource[]): string[] {
  const problems: string[] = [];
  const mechanisms = ofKind(resources, 'ConfigMap').map((c) => obj(c.body.data).KAFKA_SASL_MECHANISM);
  if (!mechanisms.some((m) => m === 'scram-sha-512' || m === 'scram-sha-256')) {
    problems.push('k8s: no ConfigMap sets KAFKA_SASL_MECHANISM to scram-sha-512 or scram-sha-256');
  }
  const secret = ofKind(resources, 'Secret').find((s) => s.name === KAFKA_USERS_SECRET);
  if (secret === undefined) problems.push(`k8s: no Secret ${KAFKA_USERS_SECRET} holds the Kafka passwords`);
  const keys = new Set(Object.keys(obj(secret?.body.stringData)));
  for (const deployment of ofKind(resources, 'Deployment')) {
    if (!KAFKA_CLIENTS.includes(deployment.name as (typeof KAFKA_CLIENTS)[number])) continue;
    containers(deployment).forEach((container, index) => {
      const at = `${where(deployment)}: container ${containerName(container, index)}`;
      const env = new Map(arr(container.env).map((entry) => [str(obj(entry).name), obj(entry)]));
      const username = env.get('KAFKA_SASL_USERNAME')?.value;
      if (username !== deployment.name) {
        problems.push(
          `${at}: KAFKA_SASL_USERNAME must be "${deployment.name}", is ${JSON.stringify(username ?? null)}`,
        );
      }
      const ref = obj(get(env.get('KAFKA_SASL_PASSWORD')?.valueFrom, 'secretKeyRef'));
      if (ref.name !== KAFKA_USERS_SECRET || ref.key !== deployment.name) {
        problems.push(
          `${at}: KAFKA_SASL_PASSWORD must come from secretKeyRef ${KAFKA_USERS_SECRET}/${deployment.name}`,
        );
      } else if (secret !== undefined && !keys.has(deployment.name)) {
        problems.push(`${at}: Secret ${KAFKA_USERS_SECRET} has no key ${deployment.name}`);
      }
    });
  }
  return problems;
}
