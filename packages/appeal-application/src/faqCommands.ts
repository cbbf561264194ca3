import { faqDecider, type FaqAppealFact, type FaqCommand, type FaqState } from '@appeals/appeal-domain';
import { decodeFaqEvent, eventVersion, faqStream } from '@appeals/contracts';
import { createCommandHandler, type HandleResult } from '@appeals/decider';
import type { EventStore } from '@appeals/eventstore';
import { inSpan } from '@appeals/observability';
import { randomUUID } from 'node:crypto';
import type { AppealCommands, ServiceName } from './appealCommands';

/** Appeals read at once for one FAQ command (a command names at most 101). */
const FACT_READS = 8;

/**
 * Runs the press's FAQ commands (docs/faq.md): the appeals a command names are read first (the FAQ decider reads
 * the entry's stream only), then load → decide → append on `faq-<entryId>`, as every command is run.
 *
 * @example
 * const faq = createFaqCommands(store, appeals);
 * await faq.execute(entryId, { type: 'ReviseFaqEntry', data, now, actor }, 'response');
 */
export function createFaqCommands(
  store: EventStore,
  appeals: AppealCommands,
  newId: () => string = randomUUID,
) {
  const handle = createCommandHandler(store, faqDecider, {
    newId,
    toDomain: decodeFaqEvent,
    versionOf: eventVersion,
  });
  return {
    /** What the FAQ rules need of each appeal: its status and category (`none` when there is no such appeal). */
    async appealFacts(appealIds: readonly string[]): Promise<FaqAppealFact[]> {
      const facts: FaqAppealFact[] = new Array(appealIds.length);
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < appealIds.length; i = next++) {
          const appealId = appealIds[i]!;
          const { state } = await appeals.load(appealId);
          facts[i] =
            state.status === 'none'
              ? { appealId, status: 'none' }
              : { appealId, status: state.status, categoryId: state.categoryId };
        }
      };
      await Promise.all(Array.from({ length: Math.min(FACT_READS, appealIds.length) }, lane));
      return facts;
    },
    execute(entryId: string, command: FaqCommand, service: ServiceName): Promise<HandleResult<FaqState>> {
      return inSpan(
        `${service} ${command.type}`,
        { attributes: { 'faq.entry': entryId, 'enduser.role': command.actor.role } },
        () =>
          handle(faqStream(entryId), command, {
            actor: command.actor,
            service,
            correlationId: entryId,
          }),
      );
    },
  };
}
export type FaqCommands = ReturnType<typeof createFaqCommands>;
