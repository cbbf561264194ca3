import type { Actor, Sealed } from '@appeals/contracts';
import { acceptSubmission } from './appeal.decider.intake';
import { evolve } from './appeal.evolve';
import type { Appeal } from './appeal.state';
import type { RulesResolver } from './rules';
import type { AppealEvent, NewAppealCommand } from './types';

/** What a parent's event calls for: the linked appeal to file, and its text. */
export interface LinkedAppealFiling {
  /** the submission (personal data apart), numbered after the parent */
  command: NewAppealCommand;
  /** the part's description in clear (sealed when it is filed), or the complaint's reason as the event sealed it */
  text: string | Sealed;
}

/**
 * The linked appeal an event of `parent` calls for (ADR 0028, linked appeals through a process manager): a part
 * forwarded to another body (`AppealForwarded`, scope `part`) or a complaint (`ComplaintFiled`). `parent` is the
 * parent as that event left it; everything comes from the parent and the event, so the request filing it at once
 * and the process manager completing it later file the very same appeal: same applicant, tracking code, category
 * and region, numbered `/n` (the n-th part) or `-Cn` (the n-th complaint), filed at the event's own time, by its
 * actor. `undefined` for any other event.
 */
export function linkedAppealOf(
  parent: Appeal,
  event: AppealEvent,
  actor: Actor,
): LinkedAppealFiling | undefined {
  const base = {
    profileId: parent.profileId,
    trackingCodeHash: parent.trackingCodeHash,
    kind: parent.kind,
    categoryId: parent.categoryId,
    regionKato: parent.regionKato,
    language: parent.language,
    subject: parent.subject.slice(0, 300),
    applicantAccountId: parent.applicantAccountId,
    isAboutCrimeOrThreat: parent.isAboutCrimeOrThreat,
    channel: parent.channel,
  };
  const numbered = (suffix: string) => ({
    type: 'linked' as const,
    parentNumber: parent.registrationNumber,
    suffix,
  });
  if (event.type === 'AppealForwarded' && event.data.scope === 'part' && event.data.childAppealId) {
    const d = event.data;
    const n = parent.partForwards.findIndex((p) => p.childAppealId === d.childAppealId) + 1;
    return {
      command: {
        type: 'SubmitAppeal',
        now: new Date(d.forwardedAt),
        actor,
        data: {
          ...base,
          appealId: d.childAppealId!,
          numbering: numbered(`/${n}`),
          addressedAgencyId: d.toAgencyId,
          origin: { type: 'forwarded_part', parentAppealId: parent.appealId, fromAgencyId: d.fromAgencyId },
        },
      },
      text: d.partDescription ?? '',
    };
  }
  if (event.type === 'ComplaintFiled') {
    const d = event.data;
    const n = parent.complaints.indexOf(d.complaintAppealId) + 1;
    // through the body complained about (ADR 0016); before that body was recorded, straight to the higher body
    const against = d.againstAgencyId ?? d.higherAgencyId;
    return {
      command: {
        type: 'SubmitAppeal',
        now: new Date(d.filedAt),
        actor,
        data: {
          ...base,
          appealId: d.complaintAppealId,
          numbering: numbered(`-C${n}`),
          kind: d.kind ?? 'complaint',
          language: d.language ?? parent.language,
          subject: `Complaint: ${parent.subject}`.slice(0, 300),
          addressedAgencyId: against,
          isAboutCrimeOrThreat: false,
          origin: {
            type: 'complaint',
            complainedAppealId: parent.appealId,
            againstAgencyId: against,
            reviewerAgencyId: d.higherAgencyId,
            ...(d.late ? { late: d.late } : {}),
          },
        },
      },
      text: d.reason,
    };
  }
  return undefined;
}

/**
 * Refuses a linking event whose linked appeal would be refused (a registration the calendar cannot count): the
 * parent's event is recorded first and its linked appeal follows, so the one must never be there without the
 * other being possible. Answers the events unchanged.
 */
export function withLinkedAppealAccepted(
  parent: Appeal,
  events: AppealEvent[],
  actor: Actor,
  rulesFor: RulesResolver,
): AppealEvent[] {
  let after = parent;
  for (const event of events) {
    after = evolve(after, event) as Appeal;
    const filing = linkedAppealOf(after, event, actor);
    if (filing) acceptSubmission(filing.command, rulesFor);
  }
  return events;
}
