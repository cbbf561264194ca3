import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  COLLECTOR_IMAGE,
  CONSUMERS,
  GATEWAY_PUBLISHED,
  INFRA_IMAGES,
  PROCESSES,
  PUBLIC_PROCESS,
  REQUIRED_ENV,
} from './platform';
import { arr, get, isObj, obj, str, type Obj } from './util';

/**
 * Checks of infra/compose/compose.yaml. Each takes the parsed file (merge keys resolved) and returns one
 * message per violation, naming the service and what is wrong; an empty list means the property holds.
 */

export function services(compose: unknown): Record<string, Obj> {
  const result: Record<string, Obj> = {};
  for (const [name, service] of Object.entries(obj(get(compose, 'services')))) result[name] = obj(service);
  return result;
}

/** depends_on in either syntax, as name → condition (the short list form means service_started). */
export function dependsOn(service: Obj): Record<string, string> {
  const raw = service.depends_on;
  const result: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const name of raw) if (typeof name === 'string') result[name] = 'service_started';
  } else if (isObj(raw)) {
    for (const [name, spec] of Object.entries(raw))
      result[name] = str(get(spec, 'condition')) ?? 'service_started';
  }
  return result;
}

/** environment in either syntax (mapping or KEY=VALUE list), as name → value (null: taken from the shell). */
export function environment(service: Obj): Record<string, unknown> {
  const raw = service.environment;
  const result: Record<string, unknown> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      if (eq === -1) result[entry] = null;
      else result[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else if (isObj(raw)) {
    Object.assign(result, raw);
  }
  return result;
}

/** published ports as host_ip:published:target strings (short or long syntax); container-only ports excluded. */
export function publishedPorts(service: Obj): string[] {
  const result: string[] = [];
  for (const port of arr(service.ports)) {
    if (typeof port === 'string' || typeof port === 'number') {
      const text = String(port).replace(/\/(tcp|udp)$/, '');
      const parts = text.split(':');
      if (parts.length === 1) result.push(`0.0.0.0:${text}:${text}`);
      else if (parts.length === 2) result.push(`0.0.0.0:${parts[0]}:${parts[1]}`);
      else result.push(text);
    } else if (isObj(port) && port.published !== undefined) {
      result.push(`${str(port.host_ip) ?? '0.0.0.0'}:${String(port.published)}:${String(port.target)}`);
    }
  }
  return result;
}

function hasHealthcheck(service: Obj): boolean {
  const healthcheck = service.healthcheck;
  if (!isObj(healthcheck) || healthcheck.disable === true) return false;
  const test = healthcheck.test;
  if (Array.isArray(test)) return test.length > 0 && test[0] !== 'NONE';
  return typeof test === 'string' && test.length > 0;
}

export function checkComposeHasServices(compose: unknown): string[] {
  return Object.keys(services(compose)).length === 0 ? ['compose: no services defined'] : [];
}

/** Every service says what runs: an image, or a build. */
export function checkImageOrBuild(compose: unknown): string[] {
  return Object.entries(services(compose))
    .filter(([, service]) => str(service.image) === undefined && service.build === undefined)
    .map(([name]) => `compose service "${name}": has neither image nor build`);
}

/**
 * Every service can be known healthy: a healthcheck of its own, or it depends only on healthy services;
 * the one way out is an `x-healthcheck-exempt` reason (an image with no shell to probe from).
 */
export function checkHealth(compose: unknown): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    if (hasHealthcheck(service)) continue;
    const conditions = Object.values(dependsOn(service));
    if (conditions.length > 0 && conditions.every((condition) => condition === 'service_healthy')) continue;
    if (str(service['x-healthcheck-exempt']) !== undefined) continue;
    problems.push(
      `compose service "${name}": has no healthcheck and does not depend only on healthy services ` +
        '(add a healthcheck, or an x-healthcheck-exempt reason)',
    );
  }
  return problems;
}

/** depends_on names services that exist, and waits for `service_healthy` only on those with a healthcheck. */
export function checkDependsOn(compose: unknown): string[] {
  const all = services(compose);
  const problems: string[] = [];
  for (const [name, service] of Object.entries(all)) {
    for (const [target, condition] of Object.entries(dependsOn(service))) {
      const dependency = all[target];
      if (dependency === undefined) {
        problems.push(`compose service "${name}": depends on "${target}", which is not a service`);
      } else if (condition === 'service_healthy' && !hasHealthcheck(dependency)) {
        problems.push(
          `compose service "${name}": waits for "${target}" to be healthy, but "${target}" has no healthcheck`,
        );
      } else if (
        !['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)
      ) {
        problems.push(
          `compose service "${name}": depends on "${target}" with unknown condition "${condition}"`,
        );
      }
    }
  }
  return problems;
}

/** Only the gateway is published, and only on the loopback interface. */
export function checkPublishedPorts(compose: unknown): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    const ports = publishedPorts(service);
    if (name === PUBLIC_PROCESS) {
      if (ports.length !== 1 || ports[0] !== GATEWAY_PUBLISHED) {
        problems.push(
          `compose service "${name}": must publish exactly "${GATEWAY_PUBLISHED}", publishes [${ports.join(', ')}]`,
        );
      }
    } else if (ports.length > 0) {
      problems.push(
        `compose service "${name}": publishes [${ports.join(', ')}]; only ${PUBLIC_PROCESS} may publish a port`,
      );
    }
  }
  return problems;
}

/** Every platform process is a service built from the one Dockerfile with SERVICE=<its name>. */
export function checkPlatformBuilds(compose: unknown, composeDir: string, repoRoot: string): string[] {
  const all = services(compose);
  const problems: string[] = [];
  for (const name of PROCESSES) {
    const service = all[name];
    if (service === undefined) {
      problems.push(`compose: platform process "${name}" has no service`);
      continue;
    }
    const build = service.build;
    if (!isObj(build)) {
      problems.push(
        `compose service "${name}": must be built (build: {context, dockerfile, args: {SERVICE}})`,
      );
      continue;
    }
    const context = resolve(composeDir, str(build.context) ?? '.');
    if (context !== repoRoot) {
      problems.push(`compose service "${name}": build context must be the repository root, is ${context}`);
    }
    const dockerfile = resolve(context, str(build.dockerfile) ?? 'Dockerfile');
    if (dockerfile !== resolve(composeDir, 'Dockerfile')) {
      problems.push(
        `compose service "${name}": must build from infra/compose/Dockerfile, builds from ${dockerfile}`,
      );
    } else if (!existsSync(dockerfile)) {
      problems.push(`compose service "${name}": its Dockerfile ${dockerfile} does not exist`);
    }
    const args: Record<string, unknown> = {};
    if (Array.isArray(build.args)) {
      for (const entry of build.args) {
        if (typeof entry === 'string' && entry.includes('='))
          args[entry.split('=')[0] ?? ''] = entry.slice(entry.indexOf('=') + 1);
      }
    } else {
      Object.assign(args, obj(build.args));
    }
    if (args.SERVICE !== name) {
      problems.push(
        `compose service "${name}": build arg SERVICE must be "${name}", is ${JSON.stringify(args.SERVICE)}`,
      );
    }
  }
  return problems;
}

/** Every platform process gets the whole validated environment, and names itself in OTEL_SERVICE_NAME. */
export function checkPlatformEnv(compose: unknown): string[] {
  const all = services(compose);
  const problems: string[] = [];
  for (const name of PROCESSES) {
    const service = all[name];
    if (service === undefined) continue; // reported by checkPlatformBuilds
    const env = environment(service);
    const missing = REQUIRED_ENV.filter((key) => !(key in env));
    if (missing.length > 0)
      problems.push(`compose service "${name}": environment lacks ${missing.join(', ')}`);
    if ('OTEL_SERVICE_NAME' in env && env.OTEL_SERVICE_NAME !== name) {
      problems.push(
        `compose service "${name}": OTEL_SERVICE_NAME must be "${name}", is ${JSON.stringify(env.OTEL_SERVICE_NAME)}`,
      );
    }
  }
  return problems;
}

/** Consumers scale with --scale: no fixed container name, no published port (both would collide). */
export function checkScalableConsumers(compose: unknown): string[] {
  const all = services(compose);
  const problems: string[] = [];
  for (const name of CONSUMERS) {
    const service = all[name];
    if (service === undefined) continue;
    if (service.container_name !== undefined) {
      problems.push(`compose service "${name}": container_name prevents --scale ${name}=N`);
    }
    if (arr(service.ports).length > 0)
      problems.push(`compose service "${name}": ports prevent --scale ${name}=N`);
  }
  return problems;
}

/** The official infrastructure images, pinned; no image is :latest or untagged. */
export function checkImages(compose: unknown): string[] {
  const all = Object.entries(services(compose));
  const images = all
    .map(([, service]) => str(service.image))
    .filter((image): image is string => image !== undefined);
  const problems: string[] = [];
  for (const expected of INFRA_IMAGES) {
    if (!images.includes(expected)) problems.push(`compose: no service runs the image ${expected}`);
  }
  if (!images.some((image) => image.startsWith(`${COLLECTOR_IMAGE}:`))) {
    problems.push(`compose: no service runs ${COLLECTOR_IMAGE}`);
  }
  for (const [name, service] of all) {
    const image = str(service.image);
    if (image === undefined || service.build !== undefined) continue;
    const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
    if (tag === '' || tag === 'latest')
      problems.push(`compose service "${name}": image ${image} is not pinned to a version`);
  }
  return problems;
}

/** Files bind-mounted from beside compose.yaml exist. */
export function checkBindMounts(compose: unknown, composeDir: string): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    for (const volume of arr(service.volumes)) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : str(get(volume, 'source'));
      if (source === undefined || !(source.startsWith('./') || source.startsWith('../'))) continue;
      if (!existsSync(resolve(composeDir, source))) {
        problems.push(`compose service "${name}": bind-mounts ${source}, which does not exist`);
      }
    }
  }
  return problems;
}

/** Kafka runs KRaft on one node: broker and controller roles, a node id, a controller quorum. */
export function checkKafkaKraft(compose: unknown): string[] {
  const kafka = Object.entries(services(compose)).find(([, service]) =>
    str(service.image)?.startsWith('apache/kafka:'),
  );
  if (kafka === undefined) return ['compose: no apache/kafka service'];
  const [name, service] = kafka;
  const env = environment(service);
  const problems: string[] = [];
  const roles = String(env.KAFKA_PROCESS_ROLES ?? '')
    .split(',')
    .map((role) => role.trim());
  if (!roles.includes('broker') || !roles.includes('controller')) {
    problems.push(
      `compose service "${name}": KAFKA_PROCESS_ROLES must be broker,controller (KRaft single node)`,
    );
  }
  for (const key of [
    'KAFKA_NODE_ID',
    'KAFKA_CONTROLLER_QUORUM_VOTERS',
    'KAFKA_CONTROLLER_LISTENER_NAMES',
    'KAFKA_LISTENERS',
    'KAFKA_ADVERTISED_LISTENERS',
  ]) {
    if (env[key] === undefined || env[key] === null)
      problems.push(`compose service "${name}": ${key} is not set`);
  }
  const replication = Number(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR);
  if (replication !== 1) {
    problems.push(
      `compose service "${name}": KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR must be 1 on a single node`,
    );
  }
  return problems;
}

/** The collector receives OTLP over gRPC and HTTP, exports to debug, and its pipelines name only defined parts. */
export function checkCollectorConfig(config: unknown): string[] {
  const problems: string[] = [];
  const protocols = obj(get(config, 'receivers', 'otlp', 'protocols'));
  for (const protocol of ['grpc', 'http']) {
    if (!(protocol in protocols))
      problems.push(`otel-collector.yaml: the otlp receiver lacks the ${protocol} protocol`);
  }
  if (!('debug' in obj(get(config, 'exporters')))) problems.push('otel-collector.yaml: no debug exporter');
  const pipelines = obj(get(config, 'service', 'pipelines'));
  if (Object.keys(pipelines).length === 0) problems.push('otel-collector.yaml: no pipelines');
  for (const [pipeline, spec] of Object.entries(pipelines)) {
    for (const part of ['receivers', 'processors', 'exporters'] as const) {
      const defined = obj(get(config, part));
      const used = arr(get(spec, part));
      if (part !== 'processors' && used.length === 0)
        problems.push(`otel-collector.yaml: pipeline ${pipeline} has no ${part}`);
      for (const component of used) {
        if (typeof component !== 'string' || !(component in defined)) {
          problems.push(
            `otel-collector.yaml: pipeline ${pipeline} uses ${part.slice(0, -1)} ${String(component)}, which is not defined`,
          );
        }
      }
    }
  }
  for (const extension of arr(get(config, 'service', 'extensions'))) {
    if (typeof extension !== 'string' || !(extension in obj(get(config, 'extensions')))) {
      problems.push(`otel-collector.yaml: service uses extension ${String(extension)}, which is not defined`);
    }
  }
  return problems;
}
