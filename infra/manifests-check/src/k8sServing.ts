import { where, ofKind, podLabels, containers, type Resource } from './k8sResources';
import { CONSUMERS, HTTP_PROCESSES, PARTITIONS, PUBLIC_PROCESS } from './platform';
import { arr, describeLabels, get, obj, selects, str, stringMap } from './util';

// Checks of how the pods are served and scaled: Services, autoscalers, disruption budgets, the Ingress.

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
