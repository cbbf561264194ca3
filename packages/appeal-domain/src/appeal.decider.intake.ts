import type { EventData } from '@appeals/contracts';
import { iso, type Decisions } from './appeal.guards';
import { evolveAppeal, submittedAppeal } from './appeal.evolve';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { RulesResolver } from './rules';
import type { Appeal } from './appeal.state';
import type { AppealEvent, NewAppealCommand, RegistrationNumbering, SealedSubmission } from './types';

/**
 * A new appeal the decider accepted: its two events but for the personal data, which the application layer seals
 * only now (ADR 0010). The decider settled the registration: day, number, deadline, forwarding window.
 */
export interface AcceptedSubmission {
  submitted: Omit<EventData<'AppealSubmitted'>, 'text' | 'applicant'>;
  registered: EventData<'AppealRegistered'>;
}

/** `YYYYMMDD-<serial>` on the registration day, or the parent's number with the linked appeal's suffix. */
const registrationNumber = (numbering: RegistrationNumbering, registeredOn: string): string =>
  numbering.type === 'dated'
    ? `${registeredOn.replaceAll('-', '')}-${numbering.serial}`
    : `${numbering.parentNumber}${numbering.suffix}`;

/**
 * Accepts a new appeal or refuses it (received in the future; a calendar that cannot answer), and registers it:
 * a registrar registers on the day of receipt at the earliest, so entering a paper appeal later keeps its date.
 * Pure, and it reads no personal data: the caller seals that only once this returned.
 */
export function acceptSubmission(command: NewAppealCommand, rulesFor: RulesResolver): AcceptedSubmission {
  const d = command.data;
  const receivedAt = d.receivedAt ?? command.now;
  if (receivedAt.getTime() > command.now.getTime())
    throw new AppealError(E.RECEIVED_IN_FUTURE, 'receivedAt may not be in the future', 'receivedAt');
  const rules = rulesFor(d.profileId);
  const reg = rules.registration(receivedAt);
  return {
    submitted: {
      appealId: d.appealId,
      profileId: d.profileId,
      kind: d.kind,
      categoryId: d.categoryId,
      regionKato: d.regionKato,
      language: d.language,
      subject: d.subject,
      ...(d.applicantAccountId ? { applicantAccountId: d.applicantAccountId } : {}),
      ...(d.addressedAgencyId ? { addressedAgencyId: d.addressedAgencyId } : {}),
      isAboutCrimeOrThreat: d.isAboutCrimeOrThreat ?? false,
      channel: d.channel,
      receivedAt: iso(receivedAt),
      trackingCodeHash: d.trackingCodeHash,
      submittedBy: command.actor,
      origin: d.origin ?? { type: 'direct' },
    },
    registered: {
      appealId: d.appealId,
      registrationNumber: registrationNumber(d.numbering, reg.registeredOn),
      registeredAt: iso(reg.registeredAt),
      registeredOn: reg.registeredOn,
      deferred: reg.deferred,
      deadline: rules.deadline(reg.registeredOn, d.kind),
      forwardBy: iso(rules.forwardingDeadline(reg.registeredOn)),
      ...(command.actor.role === 'registrar' ? { registeredBy: command.actor } : {}),
    },
  };
}

/** The events of an accepted submission with its sealed personal data, and the appeal they make (typed state). */
export function completeSubmission(
  accepted: AcceptedSubmission,
  sealed: SealedSubmission,
): { events: AppealEvent[]; appeal: Appeal } {
  const submitted = {
    ...accepted.submitted,
    text: sealed.text,
    applicant: sealed.applicant,
    ...(sealed.location ? { location: sealed.location } : {}),
  };
  const registered: AppealEvent = { type: 'AppealRegistered', data: accepted.registered };
  const appeal = evolveAppeal(submittedAppeal(submitted), registered);
  return { events: [{ type: 'AppealSubmitted', data: submitted }, registered], appeal };
}

export const intakeDecisions: Decisions<'SubmitAppeal'> = {
  SubmitAppeal: (command, state, rulesFor) => {
    if (state.status !== 'none') return []; // already submitted: a retry changes nothing
    return completeSubmission(acceptSubmission(command, rulesFor), command.data).events;
  },
};
