import {
  linkedAppealOf,
  type Appeal,
  type AppealState,
  type LinkedAppealFact,
  type LinkedAppealFiling,
} from '@appeals/appeal-domain';
import { Actor } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { isConcurrencyError, type StoredEvent } from '@appeals/eventstore';
import type { Catalog } from '@appeals/reference-data';
import { canSee } from './access';
import { actorOf } from './actor';
import { toDomainEvent, type AppealCommands, type ServiceName } from './appealCommands';

/** The event types that call for a linked appeal: a part forwarded to another body, a complaint. */
export const LINKING_EVENT_TYPES: ReadonlySet<string> = new Set(['AppealForwarded', 'ComplaintFiled']);

const SERVICES: readonly string[] = ['intake', 'routing', 'response', 'audit'] satisfies ServiceName[];

/** Who filed the parent's event, as its metadata recorded it (the process itself when it cannot tell). */
const recordedActor = (event: StoredEvent) => {
  const parsed = Actor.safeParse(event.metadata.actor);
  return parsed.success ? parsed.data : actorOf({ system: 'linked-appeals' });
};

/**
 * Files one linked appeal unless it is there (ADR 0028): its text sealed under the parent's data subject (one
 * erasure covers both) unless the parent's event holds it sealed already (a complaint's reason), then appended
 * expecting no stream. A concurrent filing of the same appeal (the request and the process manager racing) is
 * found by that expectation and counts as done. Answers whether this call filed it.
 */
async function fileOne(
  commands: AppealCommands,
  parent: Appeal,
  filing: LinkedAppealFiling,
  options: { service: ServiceName; cause: StoredEvent },
): Promise<boolean> {
  const { appealId } = filing.command.data;
  if ((await commands.load(appealId)).events.length > 0) return false;
  try {
    await commands.submit(
      filing.command,
      async () => ({
        applicant: parent.applicant,
        text:
          typeof filing.text === 'string'
            ? await commands.vault.seal(parent.subjectId, 'text', filing.text)
            : filing.text,
      }),
      {
        service: options.service,
        causationId: options.cause.id,
        correlationId: options.cause.metadata.correlationId ?? parent.appealId,
      },
    );
    return true;
  } catch (error) {
    if (isConcurrencyError(error) && (await commands.load(appealId)).events.length > 0) return false;
    throw error;
  }
}

/**
 * Completes the links of one parent appeal: files each linked appeal its events call for (a forwarded part, a
 * complaint) that is not there yet, as {@link linkedAppealOf} derives it from the parent as that event left it,
 * filed by the event's actor at the event's time and recorded as written by the service that wrote the event.
 * Idempotent: the request that recorded the event calls it at once, the process manager again after a crash; the
 * second finds the appeal there and files nothing. `eventIds` limits it to those events. Answers the ids it filed.
 */
export async function fileLinkedAppeals(
  commands: AppealCommands,
  parentAppealId: string,
  options: { service: ServiceName; eventIds?: ReadonlySet<string> },
): Promise<string[]> {
  const { events } = await commands.load(parentAppealId);
  const filed: string[] = [];
  let state: AppealState = commands.decider.initialState;
  for (const stored of events) {
    const event = toDomainEvent(stored);
    state = commands.decider.evolve(state, event);
    if (!LINKING_EVENT_TYPES.has(stored.type) || (options.eventIds && !options.eventIds.has(stored.id)))
      continue;
    const parent = state as Appeal;
    const filing = linkedAppealOf(parent, event, recordedActor(stored));
    if (!filing) continue;
    const recordedBy = stored.metadata.service;
    const service = SERVICES.includes(recordedBy ?? '') ? (recordedBy as ServiceName) : options.service;
    if (await fileOne(commands, parent, filing, { service, cause: stored }))
      filed.push(filing.command.data.appealId);
  }
  return filed;
}

/**
 * Another appeal a command names (the earlier appeal a termination as "repeated" refers to, the appeal a duplicate is
 * merged into), read for the decider, which reads one stream only: its status, or `none` when it is not there or the
 * caller may not see it (so naming an appeal tells nobody it exists). `loaded` saves reading it again to act on it.
 */
export async function readLinkedAppeal(
  commands: AppealCommands,
  catalog: Catalog,
  who: Principal | undefined,
  appealId: string,
): Promise<{ fact: LinkedAppealFact; loaded: { state: AppealState; events: StoredEvent[] } }> {
  const loaded = await commands.load(appealId);
  const { state } = loaded;
  const visible = state.status !== 'none' && canSee(catalog, who, state);
  return {
    fact: visible
      ? { appealId, status: state.status, registrationNumber: state.registrationNumber }
      : { appealId, status: 'none' },
    loaded,
  };
}
