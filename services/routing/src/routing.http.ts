import { appealActionsRouter, type ActionRouterDeps, type ActionSpec } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import type { AppealAction } from '@appeals/contracts';
import { validationProblem } from '@appeals/http';
import { randomUUID } from 'node:crypto';

/** Staff routing commands: route from triage, send to triage, forward whole or in part. */
export function routingRouter(deps: ActionRouterDeps) {
  const { catalog, commands } = deps;
  const knownAgency = (id: string, field: string) => {
    if (!catalog.agency(id))
      throw validationProblem([{ field: `body.${field}`, message: `unknown agency "${id}"` }]);
  };
  const specs: ActionSpec<AppealAction>[] = [
    {
      action: 'route',
      summary: 'Route an appeal to the competent agency',
      toCommand: ({ body, now, actor }) => {
        const b = body as { agencyId: string; note?: string };
        knownAgency(b.agencyId, 'agencyId');
        return { type: 'RouteAppeal', now, actor, data: { agencyId: b.agencyId, by: 'staff', note: b.note } };
      },
    },
    {
      action: 'needs-triage',
      summary: 'Send an appeal to manual triage',
      toCommand: ({ body, now, actor }) => ({
        type: 'MarkNeedsTriage',
        now,
        actor,
        data: { reason: (body as { reason: string }).reason },
      }),
    },
    {
      action: 'forward',
      summary:
        'Forward the appeal (or a part of it) to the competent body within 3 working days; the applicant is notified',
      toCommand: async ({ appealId, body, now, actor, state }) => {
        const b = body as {
          toAgencyId: string;
          scope: 'whole' | 'part';
          partDescription?: string;
          reason: string;
        };
        knownAgency(b.toAgencyId, 'toAgencyId');
        const command = {
          type: 'ForwardAppeal' as const,
          now,
          actor,
          data: { ...b, childAppealId: undefined as string | undefined },
        };
        if (b.scope === 'whole') return command;
        // The part becomes a linked appeal of its own, addressed to the receiving body.
        const childAppealId = randomUUID();
        command.data.childAppealId = childAppealId;
        commands.decider.decide(command, state); // refuse before creating the child if forwarding is not allowed
        const { events } = await commands.load(appealId);
        const parent = events.find((e) => e.type === 'AppealSubmitted')?.data as EventData<'AppealSubmitted'>;
        const registered = events.find((e) => e.type === 'AppealRegistered')
          ?.data as EventData<'AppealRegistered'>;
        await commands.execute(
          childAppealId,
          {
            type: 'SubmitAppeal',
            now,
            actor,
            data: {
              appealId: childAppealId,
              profileId: parent.profileId,
              registrationNumber: `${registered.registrationNumber}/${state.partForwards.length + 1}`,
              trackingCodeHash: parent.trackingCodeHash,
              kind: parent.kind,
              categoryId: parent.categoryId,
              regionKato: parent.regionKato,
              language: parent.language,
              subject: parent.subject,
              text: b.partDescription ?? parent.text,
              applicant: parent.applicant,
              applicantAccountId: parent.applicantAccountId,
              addressedAgencyId: b.toAgencyId,
              isAboutCrimeOrThreat: parent.isAboutCrimeOrThreat,
              channel: parent.channel,
              origin: {
                type: 'forwarded_part',
                parentAppealId: appealId,
                fromAgencyId: state.agencyId ?? '',
              },
            },
          },
          { service: 'routing', causationId: appealId },
        );
        return command;
      },
    },
  ];
  return appealActionsRouter({ ...deps, service: 'routing' }, specs);
}
