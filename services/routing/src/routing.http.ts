import { appealActionsRouter, defineAction, type ActionRouterDeps } from '@appeals/appeal-http';
import { validationProblem } from '@appeals/http';
import { randomUUID } from 'node:crypto';
import { routingPolicy } from './routing.policy';

/** Staff routing commands: route from triage, send to triage, forward whole or in part. */
export function routingRouter(deps: ActionRouterDeps) {
  const { catalog } = deps;
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
      // a part becomes a linked appeal of its own, addressed to the receiving body: filed once the forward is
      // recorded, from the forward itself (ADR 0028); a repeat records nothing and so files nothing
      toCommand: ({ body, now, actor }) => {
        knownAgency(body.toAgencyId, 'toAgencyId');
        return {
          type: 'ForwardAppeal',
          now,
          actor,
          data: {
            ...body,
            childAppealId: body.scope === 'part' ? randomUUID() : undefined,
            lawEnforcement: catalog.agency(body.toAgencyId)?.lawEnforcement,
          },
        };
      },
    }),
  ];
  return appealActionsRouter({ ...deps, service: 'routing' }, specs, routingPolicy);
}
