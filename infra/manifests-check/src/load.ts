import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile, type Dockerfile } from './dockerfile';
import { toResources, type Resource } from './k8s';
import { arr, get } from './util';
import { composeDir, k8sDir, loadSingleDocument, parseYamlFile, yamlFilesIn } from './yamlFiles';

/** The manifests of this repository, parsed. */

export function loadCompose(): unknown {
  return loadSingleDocument(join(composeDir, 'compose.yaml'));
}

export function loadCollectorConfig(): unknown {
  return loadSingleDocument(join(composeDir, 'otel-collector.yaml'));
}

export function loadDockerfile(): Dockerfile {
  return parseDockerfile(readFileSync(join(composeDir, 'Dockerfile'), 'utf8'));
}

export interface K8sManifests {
  kustomization: unknown;
  /** the YAML files present in infra/k8s */
  files: string[];
  /** the resources of the files kustomization.yaml lists */
  resources: Resource[];
  /** parse and shape problems of those files */
  problems: string[];
}

export function loadK8s(): K8sManifests {
  const kustomization = loadSingleDocument(join(k8sDir, 'kustomization.yaml'));
  const files = yamlFilesIn(k8sDir);
  const listed = arr(get(kustomization, 'resources')).map(String);
  const resources: Resource[] = [];
  const problems: string[] = [];
  for (const file of listed.filter((name) => files.includes(name))) {
    const parsed = parseYamlFile(join(k8sDir, file));
    problems.push(...parsed.problems);
    const shaped = toResources(file, parsed.docs);
    resources.push(...shaped.resources);
    problems.push(...shaped.problems);
  }
  return { kustomization, files, resources, problems };
}
