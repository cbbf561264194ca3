import type { AppealCommands } from '@appeals/appeal-application';
import type { Bus } from '@appeals/bus';
import type { Core } from '@appeals/core';
import type { ChainStore } from '@appeals/chain';
import type { CheckpointStore, EventStore } from '@appeals/eventstore';
import type { IdempotencyStore } from '@appeals/http';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { ServerNeeds } from './env';
import type { Leadership } from './leader';

/**
 * Every port a hosted service may declare. The host connects the servers behind the declared ones only, and
 * `/ready` probes only those servers.
 */
export interface HostPorts {
  /** the event store (PostgreSQL, migrated at start) */
  store: EventStore;
  /** where a process that tails the event store's log keeps how far it read (its checkpoints), in the same schema */
  checkpoints: CheckpointStore;
  /** the global chain of the event store's log (tamper-evident history), in the same schema */
  chain: ChainStore;
  /** the bus (Kafka, namespaced and traced) */
  bus: Bus;
  /** the read views (MongoDB) */
  views: ReadStore;
  /** seals and opens applicants' personal data (ADR 0006): data keys in the event store's schema */
  vault: PersonalDataVault;
  /** the appeal commands of the core: on the event store, sealing with the vault */
  commands: AppealCommands;
  /** answers of retried requests (`Idempotency-Key`), in the event store's schema */
  idempotency: IdempotencyStore;
  /** named work run by one replica at a time (an advisory lock per work in the event store's database) */
  leadership: Leadership;
}
export type PortName = keyof HostPorts;

/** What every hosted service gets, whatever ports it declares: the core and the process's own settings. */
export interface HostContext extends Core {
  clock: () => Date;
  /** how often the deadline watch sweeps (DEADLINE_SWEEP_SECONDS) */
  sweepEverySeconds: number;
  onError: (error: unknown, context: string) => void;
  logger: Logger;
}

/** A service's dependencies: the host context and the ports `P` it declared. */
export type ServiceDeps<P extends PortName> = HostContext & Pick<HostPorts, P>;

/** What a service's composition function returns (`createRoutingService(deps)` and the others). */
export interface HostedService {
  name: string;
  router: Router;
  /** its Open311 GeoReport v2 routes, mounted at /open311/v2 (intake, projections) */
  open311Router?: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One service as the host runs it: its name, the ports it needs, and how it is built from them. The type checker
 * holds the declaration to the code: a `build` that uses a port not in `ports` does not compile.
 *
 * @example
 * runService({ name: 'routing', ports: ['bus', 'commands'], build: (deps) => createRoutingService(deps) });
 */
export interface ServiceDefinition<P extends PortName> {
  name: string;
  ports: readonly P[];
  build(deps: ServiceDeps<P>): HostedService;
}

/** Ports that live in the event store's PostgreSQL schema (on its pool). */
const ON_POSTGRES: readonly PortName[] = [
  'store',
  'checkpoints',
  'chain',
  'vault',
  'commands',
  'idempotency',
  'leadership',
];

/** The servers behind a set of ports: PostgreSQL, Kafka, MongoDB, and whether the vault's master key is needed. */
export function serversFor(ports: readonly PortName[]): ServerNeeds & { postgres: boolean } {
  const needs = (port: PortName) => ports.includes(port);
  return {
    postgres: ports.some((port) => ON_POSTGRES.includes(port)),
    kafka: needs('bus'),
    mongodb: needs('views'),
    personalData: needs('vault') || needs('commands'),
  };
}
