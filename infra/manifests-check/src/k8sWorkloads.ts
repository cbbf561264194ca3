import { where, ofKind, podSpec, podLabels, containers, containerName, type Resource } from './k8sResources';
import { PROCESSES, REQUIRED_ENV } from './platform';
import { arr, describeLabels, get, isObj, obj, selects, str, stringMap } from './util';

// Checks of the Deployments: probes, resources, security context, graceful stop, selectors, environment.

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
