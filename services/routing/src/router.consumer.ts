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

/** Where the rules send an appeal, and whether that body is law enforcement. */
export interface RouteDecision {
  agencyId: string;
  ruleId: string;
  lawEnforcement?: true;
}

/**
 * Decides where a newly registered appeal goes: an anonymous report of a crime or threat to law enforcement at once,
 * whoever filed it and wherever it was addressed (triage when the reference data has no such body); any other
 * appeal to the body it was addressed to, or by a rule, or to triage.
 */
export function routeDecision(catalog: Catalog, submitted: RoutingFacts): RouteDecision | undefined {
  if (submitted.isAboutCrimeOrThreat && submitted.applicant.type === 'anonymous') {
    const police = catalog.lawEnforcementAgency();
    return police ? { agencyId: police, ruleId: 'anonymous-crime-report', lawEnforcement: true } : undefined;
  }
  const rule = submitted.addressedAgencyId ? undefined : catalog.route(submitted);
  const target = submitted.addressedAgencyId
    ? { agencyId: submitted.addressedAgencyId, ruleId: 'addressed' }
    : rule && { agencyId: rule.agencyId, ruleId: rule.id };
  if (!target) return undefined;
  return catalog.agency(target.agencyId)?.lawEnforcement ? { ...target, lawEnforcement: true } : target;
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
              data: {
                agencyId: decision.agencyId,
                by: 'rules',
                ruleId: decision.ruleId,
                lawEnforcement: decision.lawEnforcement,
              },
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
