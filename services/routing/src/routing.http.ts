import { submitLinkedAppeal } from '@appeals/appeal-application';
import { appealActionsRouter, defineAction, type ActionRouterDeps } from '@appeals/appeal-http';
import { validationProblem } from '@appeals/http';
import { randomUUID } from 'node:crypto';
import { routingPolicy } from './routing.policy';

/** Staff routing commands: route from triage, send to triage, forward whole or in part. */
export function routingRouter(deps: ActionRouterDeps) {
  const { catalog, commands } = deps;
  const knownAgency = (id: string, field: string) => {
    if (!catalog.agency(id))
      throw validationProblem([{ field: `body.${field}`, message: `unknown agency "${id}"` }]);
  };
  const specs = [
    defineAction({
      action: 'route',
      summary: 'Route an appeal to the competent agency',
      toCommand: ({ body, now, actor }) => {
        knownAgency(body.agencyId, 'agencyId');
        return {
          type: 'RouteAppeal',
          now,
          actor,
          data: {
            agencyId: body.agencyId,
            by: 'staff',
            note: body.note,
            lawEnforcement: catalog.agency(body.agencyId)?.lawEnforcement,
          },
        };
      },
    }),
    defineAction({
      action: 'needs-triage',
      summary: 'Send an appeal to manual triage',
      toCommand: ({ body, now, actor }) => ({
        type: 'MarkNeedsTriage',
        now,
        actor,
        data: { reason: body.reason },
      }),
    }),
    defineAction({
      action: 'forward',
      summary:
        'Forward the appeal (or a part of it) to the competent body within 3 working days; the applicant is notified',
      toCommand: async ({ appealId, body, now, actor, state }) => {
        knownAgency(body.toAgencyId, 'toAgencyId');
        const childAppealId = body.scope === 'part' ? randomUUID() : undefined;
        const lawEnforcement = catalog.agency(body.toAgencyId)?.lawEnforcement;
        const command = {
          type: 'ForwardAppeal' as const,
          now,
          actor,
          data: { ...body, childAppealId, lawEnforcement },
        };
        if (!childAppealId) return command;
        // The part becomes a linked appeal of its own, addressed to the receiving body;
        // refuse first, so a forward the rules do not allow creates no child, and a repeat creates none either.
        const [forwarded] = commands.decider.decide(command, state);
        if (forwarded?.type !== 'AppealForwarded') return command;
        await submitLinkedAppeal(
          commands,
          state,
          {
            appealId: childAppealId,
            registrationSuffix: `/${state.partForwards.length + 1}`,
            text: body.partDescription ?? '',
            addressedAgencyId: body.toAgencyId,
            origin: {
              type: 'forwarded_part',
              parentAppealId: appealId,
              fromAgencyId: forwarded.data.fromAgencyId,
            },
          },
          { now, actor, service: 'routing' },
        );
        return command;
      },
    }),
  ];
  return appealActionsRouter({ ...deps, service: 'routing' }, specs, routingPolicy);
}
