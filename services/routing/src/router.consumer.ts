import { actorOf, type AppealCommands } from '@appeals/appeal-application';
import type { StoredApplicant } from '@appeals/appeal-domain';
import type { Bus, Consumer } from '@appeals/bus';
import { eventTypeOf, fromEventMessage, Topics } from '@appeals/contracts';
import type { Catalog } from '@appeals/reference-data';

const SYSTEM = actorOf({ system: 'routing-rules' });

/** What routing reads of an appeal: its AppealSubmitted facts, which the appeal's state keeps. */
export interface RoutingFacts {
  categoryId: string;
  regionKato: string;
  kind: string;
  addressedAgencyId?: string | undefined;
  isAboutCrimeOrThreat: boolean;
  applicant: Pick<StoredApplicant, 'type'>;
}

/** Decides where a newly registered appeal goes: the body it was addressed to, law enforcement, a rule, or triage. */
export function routeDecision(catalog: Catalog, submitted: RoutingFacts) {
  if (submitted.addressedAgencyId) return { agencyId: submitted.addressedAgencyId, ruleId: 'addressed' };
  if (submitted.isAboutCrimeOrThreat && submitted.applicant.type === 'anonymous') {
    const police = catalog.lawEnforcementAgency();
    if (police) return { agencyId: police, ruleId: 'anonymous-crime-report' };
  }
  const rule = catalog.route(submitted);
  return rule ? { agencyId: rule.agencyId, ruleId: rule.id } : undefined;
}

/** Consumes AppealRegistered and routes by rules; redelivery is harmless (the decider yields nothing twice). */
export async function startRoutingConsumer(deps: {
  bus: Bus;
  commands: AppealCommands;
  catalog: Catalog;
  clock: () => Date;
  groupId?: string;
}): Promise<Consumer> {
  return deps.bus.subscribe({
    groupId: deps.groupId ?? 'routing',
    topics: [Topics.appealEvents],
    handler: async (message) => {
      if (eventTypeOf(message.headers) !== 'AppealRegistered') return;
      const env = fromEventMessage(message);
      const appealId = (env.data as { appealId: string }).appealId;
      const loaded = await deps.commands.load(appealId);
      const { state } = loaded;
      // Only an appeal still waiting in 'registered' needs the rules. Anything else means this registration was
      // handled already and staff moved the appeal on (routed from triage, forwarded, withdrawn): a redelivery,
      // e.g. the replay after a restart, must find nothing to do rather than fail into the dead-letter topic.
      if (state.status !== 'registered') return;
      const decision = routeDecision(deps.catalog, state);
      const meta = {
        service: 'routing' as const,
        loaded, // decided on as loaded; a concurrent write makes the handler read again
        causationId: env.id,
        correlationId: env.metadata.correlationId,
        // the trace continues through the consumer span that is active here (see tracedBus)
      };
      await deps.commands.execute(
        appealId,
        decision
          ? {
              type: 'RouteAppeal',
              now: deps.clock(),
              actor: SYSTEM,
              data: { agencyId: decision.agencyId, by: 'rules', ruleId: decision.ruleId },
            }
          : {
              type: 'MarkNeedsTriage',
              now: deps.clock(),
              actor: SYSTEM,
              data: {
                reason: `No routing rule for category ${state.categoryId} in region ${state.regionKato}`,
              },
            },
        meta,
      );
    },
  });
}
