import {
  completeSubmission,
  createAppealDecider,
  type Appeal,
  type AppealCommand,
  type AppealEvent,
  type AppealState,
  type NewAppealCommand,
  type RulesResolver,
  type SealedSubmission,
} from '@appeals/appeal-domain';
import { decodeAppealEvent, eventVersion, stampVersion, type Actor } from '@appeals/contracts';
import { createCommandHandler, fold, type HandleResult } from '@appeals/decider';
import { appealStream, type EventMetadata, type EventStore, type StoredEvent } from '@appeals/eventstore';
import { currentTraceparent, inSpan } from '@appeals/observability';
import type { PersonalDataVault } from '@appeals/personal-data';
import { randomUUID } from 'node:crypto';

export type ServiceName = 'intake' | 'routing' | 'response' | 'audit';

/** A stored event in its current shape: upcast from the version it was written at, validated (contracts' decodeEvent). */
export const toDomainEvent = (e: StoredEvent): AppealEvent => decodeAppealEvent(e);

/** Who writes and in which causal chain: recorded in each event's metadata. */
export interface SubmitOptions {
  /** the service writing (recorded in metadata; the audit history shows it) */
  service: ServiceName;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  traceparent?: string | undefined;
}

/** A filed appeal as the decider left it (typed state), with the stream's version and the events appended. */
export interface Submitted {
  appeal: Appeal;
  version: number;
  appended: StoredEvent[];
}

export interface ExecuteOptions extends SubmitOptions {
  /** access check against the current state, before deciding */
  authorize?: (state: AppealState) => void;
  /** the appeal as the caller just loaded it ({@link AppealCommands.load}): saves reading it again */
  loaded?: { state: AppealState; events: readonly StoredEvent[] };
}

/** Runs `work` in the command's span; the events it appends carry the span's context and the caller's ids. */
const traced = <T extends { appended: StoredEvent[] }>(
  appealId: string,
  command: { type: string; actor: Actor },
  options: SubmitOptions,
  work: (metadata: EventMetadata) => Promise<T>,
): Promise<T> =>
  inSpan(
    `${options.service} ${command.type}`,
    {
      attributes: {
        'appeal.id': appealId,
        'appeal.command': command.type,
        'enduser.role': command.actor.role,
      },
    },
    async (span) => {
      // the event carries this span's context, so whoever consumes it continues the same trace
      const traceparent = options.traceparent ?? currentTraceparent();
      const result = await work({
        actor: command.actor,
        service: options.service,
        correlationId: options.correlationId ?? appealId,
        ...(options.causationId ? { causationId: options.causationId } : {}),
        ...(traceparent ? { traceparent } : {}),
      });
      span.setAttribute('appeal.events', result.appended.map((e) => e.type).join(','));
      return result;
    },
  );

/**
 * Runs appeal commands: load → authorize → decide → append with optimistic concurrency; files new appeals with
 * `submit`: accept → seal → append (ADR 0010).
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
      { newId, toDomain: toDomainEvent, versionOf: eventVersion },
    );

  return {
    decider,
    vault,
    async execute(
      appealId: string,
      command: AppealCommand,
      options: ExecuteOptions,
    ): Promise<HandleResult<AppealState>> {
      return traced(appealId, command, options, (metadata) =>
        handlerFor(options)(
          appealStream(appealId),
          command,
          metadata,
          options.loaded
            ? { state: options.loaded.state, version: options.loaded.events.length - 1 }
            : undefined,
        ),
      );
    },
    /**
     * Files a new appeal (ADR 0010): the decider accepts and registers it — or refuses it, and nothing is sealed —
     * then `seal` seals its personal data, then both events start the stream. A new id has no history, so nothing
     * is read; the append expects no stream, so an id used twice is refused, never overwritten.
     */
    async submit(
      command: NewAppealCommand,
      seal: () => Promise<SealedSubmission>,
      options: SubmitOptions,
      /** commands on the new appeal decided right after it, in the same append (run while `seal` runs) */
      followUps: () => Promise<AppealCommand[]> = () => Promise.resolve([]),
    ): Promise<Submitted> {
      const appealId = command.data.appealId;
      return traced(appealId, command, options, async (metadata) => {
        const accepted = decider.acceptSubmission(command);
        const [sealed, more] = await Promise.all([seal(), followUps()]);
        const submitted = completeSubmission(accepted, sealed);
        const { events, appeal } = more.reduce(({ events: sofar, appeal: state }, next) => {
          const decided = decider.decide(next, state);
          return { events: [...sofar, ...decided], appeal: decided.reduce(decider.evolve, state) as Appeal };
        }, submitted);
        const result = await store.append(
          appealStream(appealId),
          events.map((e) => ({
            id: newId(),
            type: e.type,
            data: e.data,
            metadata: stampVersion(e.type, metadata),
          })),
          { expectedVersion: 'no_stream' },
        );
        return { appeal, version: result.nextExpectedVersion, appended: result.events };
      });
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
