import {
  createAppealDecider,
  type AppealCommand,
  type AppealEvent,
  type AppealState,
  type RulesResolver,
} from '@appeals/appeal-domain';
import { parseEvent, type Actor } from '@appeals/contracts';
import { createCommandHandler, fold, type HandleResult } from '@appeals/decider';
import { appealStream, type EventStore, type StoredEvent } from '@appeals/eventstore';
import { currentTraceparent, inSpan } from '@appeals/observability';
import type { PersonalDataVault } from '@appeals/personal-data';
import { randomUUID } from 'node:crypto';

export type ServiceName = 'intake' | 'routing' | 'response' | 'audit';

/** Validates a stored event against its contract (and is where upcasters go). */
export const toDomainEvent = (e: StoredEvent): AppealEvent => parseEvent(e.type, e.data);

export interface ExecuteOptions {
  /** the service writing (recorded in metadata; the audit history shows it) */
  service: ServiceName;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  traceparent?: string | undefined;
  /** access check against the current state, before deciding */
  authorize?: (state: AppealState) => void;
  /** the appeal as the caller just loaded it ({@link AppealCommands.load}): saves reading it again */
  loaded?: { state: AppealState; events: readonly StoredEvent[] };
}

/**
 * Runs appeal commands: load → authorize → decide → append with optimistic concurrency.
 *
 * @example
 * const appeals = createAppealCommands(store, rulesFor, vault);
 * await appeals.execute(id, { type: 'RouteAppeal', data, now, actor }, { service: 'routing' });
 */
export function createAppealCommands(
  store: EventStore,
  rulesFor: RulesResolver,
  /** seals the personal data of appeals the services file (linked appeals too), ADR 0006 */
  vault: PersonalDataVault,
  newId: () => string = randomUUID,
) {
  const decider = createAppealDecider(rulesFor);
  const handlerFor = (options: ExecuteOptions) =>
    createCommandHandler(
      store,
      {
        ...decider,
        decide: (c: AppealCommand, s: AppealState) => {
          options.authorize?.(s);
          return decider.decide(c, s);
        },
      },
      { newId, toDomain: toDomainEvent },
    );

  return {
    decider,
    vault,
    async execute(
      appealId: string,
      command: AppealCommand,
      options: ExecuteOptions,
    ): Promise<HandleResult<AppealState>> {
      const actor: Actor = command.actor;
      return inSpan(
        `${options.service} ${command.type}`,
        { attributes: { 'appeal.id': appealId, 'appeal.command': command.type, 'enduser.role': actor.role } },
        async (span) => {
          // the event carries this span's context, so whoever consumes it continues the same trace
          const traceparent = options.traceparent ?? currentTraceparent();
          const result = await handlerFor(options)(
            appealStream(appealId),
            command,
            {
              actor,
              service: options.service,
              correlationId: options.correlationId ?? appealId,
              ...(options.causationId ? { causationId: options.causationId } : {}),
              ...(traceparent ? { traceparent } : {}),
              schemaVersion: 1,
            },
            options.loaded
              ? { state: options.loaded.state, version: options.loaded.events.length - 1 }
              : undefined,
          );
          span.setAttribute('appeal.events', result.appended.map((e) => e.type).join(','));
          return result;
        },
      );
    },
    /** Current state of an appeal folded from its stream (optionally only events up to `at`). */
    async load(appealId: string, at?: Date): Promise<{ state: AppealState; events: StoredEvent[] }> {
      const all = await store.readStream(appealStream(appealId));
      const events = at ? all.filter((e) => Date.parse(e.time) <= at.getTime()) : all;
      return { state: fold(decider, events.map(toDomainEvent)), events };
    },
  };
}
export type AppealCommands = ReturnType<typeof createAppealCommands>;
