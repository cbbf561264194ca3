import { where, ofKind, containers, containerName, type Resource } from './k8sResources';
import { KAFKA_CLIENTS, KAFKA_USERS_SECRET, PLACEHOLDER } from './platform';
import { arr, get, obj, str } from './util';

// Checks of the configuration: the kustomization, the Secret template, the ConfigMaps, Kafka credentials.

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
