import {
  ROUTED,
  anonymousCrimeReport,
  existing,
  iso,
  known,
  open,
  requireStatus,
  type Decisions,
} from './appeal.guards';
import { withLinkedAppealAccepted } from './appeal.linked';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { ForwardedPart } from './appeal.state';
import type { ForwardAppeal } from './types';

/** A repeat of a part forward: the same linked appeal, or the same part to the same body. */
const samePart = (p: ForwardedPart, d: ForwardAppeal['data']) =>
  p.childAppealId === d.childAppealId ||
  (p.toAgencyId === d.toAgencyId && p.partDescription === d.partDescription);

/** Routing: to the competent agency by rules or staff, to triage, forwarded whole or in part. */
export const routingDecisions: Decisions<'RouteAppeal' | 'MarkNeedsTriage' | 'ForwardAppeal'> = {
  RouteAppeal: (command, state) => {
    const a = known(state);
    if (a.agencyId === command.data.agencyId) return [];
    open(a);
    if (a.agencyId !== undefined)
      throw new AppealError(E.ALREADY_ROUTED, 'The appeal is already routed; forward it instead', 'agencyId');
    requireStatus(a, ['registered', 'needs_triage'], 'route');
    if (anonymousCrimeReport(a) && !command.data.lawEnforcement)
      throw new AppealError(
        E.ANONYMOUS_CRIME_MUST_BE_FORWARDED,
        'An anonymous report of a crime or threat goes to law enforcement at once',
        'agencyId',
      );
    return [
      {
        type: 'AppealRouted',
        data: {
          appealId: a.appealId,
          agencyId: command.data.agencyId,
          by: command.data.by,
          ...(command.data.ruleId ? { ruleId: command.data.ruleId } : {}),
          ...(command.data.note ? { note: command.data.note } : {}),
          ...(command.data.lawEnforcement ? { lawEnforcement: true } : {}),
        },
      },
    ];
  },

  MarkNeedsTriage: (command, state) => {
    const a = existing(state);
    if (a.status === 'needs_triage') return [];
    requireStatus(a, ['registered'], 'send to triage');
    return [{ type: 'AppealNeedsTriage', data: { appealId: a.appealId, reason: command.data.reason } }];
  },

  ForwardAppeal: (command, state, rulesFor) => {
    const a = known(state);
    const d = command.data;
    const now = command.now;
    if (d.scope === 'whole' && a.lastForwardedTo === d.toAgencyId && a.agencyId === d.toAgencyId) return [];
    if (d.scope === 'part' && a.partForwards.some((p) => samePart(p, d))) return [];
    open(a);
    requireStatus(a, ROUTED, 'forward');
    if (a.agencyId === d.toAgencyId)
      throw new AppealError(E.FORWARD_TO_SAME_AGENCY, 'The appeal is already with this agency', 'toAgencyId');
    if (d.scope === 'part' && !d.childAppealId)
      throw new AppealError(E.PART_NEEDS_CHILD, 'Forwarding a part creates a linked appeal', 'childAppealId');
    const rules = rulesFor(a.profileId);
    // The receiving body registers a whole forwarded appeal on receipt and runs its own procedure (APPK Art. 65,
    // 76): its term, its window to forward it on, its extension limit all count from that day.
    const receivedOn = d.scope === 'whole' ? rules.registration(now).registeredOn : undefined;
    const ownProcedure = receivedOn
      ? {
          newDeadline: rules.deadline(receivedOn, a.kind),
          receivedOn,
          forwardBy: iso(rules.forwardingDeadline(receivedOn)),
        }
      : {};
    // a forwarded part is recorded first and its linked appeal filed after it: refused now if that one would be
    return withLinkedAppealAccepted(
      a,
      [
        {
          type: 'AppealForwarded',
          data: {
            appealId: a.appealId,
            fromAgencyId: a.agencyId,
            toAgencyId: d.toAgencyId,
            scope: d.scope,
            ...(d.partDescription ? { partDescription: d.partDescription } : {}),
            ...(d.childAppealId ? { childAppealId: d.childAppealId } : {}),
            reason: d.reason,
            forwardedAt: iso(now),
            withinWindow: now.getTime() <= Date.parse(a.forwardBy),
            applicantNotifiedAt: iso(now),
            ...(d.lawEnforcement && d.scope === 'whole' ? { lawEnforcement: true } : {}),
            ...ownProcedure,
          },
        },
      ],
      command.actor,
      rulesFor,
    );
  },
};
