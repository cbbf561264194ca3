import { arr, get, isObj, obj, str, stringMap, type Obj } from './util';

// The resources of infra/k8s as the checks see them, and the parts of a Deployment they read.

export interface Resource {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  body: Obj;
}

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** How a message names a resource: Kind/name (file). */
export function where(resource: Resource): string {
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

/** The resources of one kind. */
export function ofKind(resources: Resource[], kind: string): Resource[] {
  return resources.filter((resource) => resource.kind === kind);
}

/** The parts of a Deployment the checks read: pod spec, pod labels, containers and their names. */
export function podSpec(deployment: Resource): Obj {
  return obj(get(deployment.body, 'spec', 'template', 'spec'));
}

export function podLabels(deployment: Resource): Record<string, string> {
  return stringMap(get(deployment.body, 'spec', 'template', 'metadata', 'labels'));
}

export function containers(deployment: Resource): Obj[] {
  return arr(podSpec(deployment).containers).map(obj);
}

export function containerName(container: Obj, index: number): string {
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
