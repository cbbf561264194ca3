import type { Appeal, AppealOrigin, Language } from '@appeals/appeal-domain';
import type { Actor, Sealed } from '@appeals/contracts';
import type { AppealCommands, ServiceName } from './appealCommands';

export interface LinkedAppealSpec {
  appealId: string;
  /** appended to the parent's registration number (`/1` for a forwarded part, `-C1` for a complaint) */
  registrationSuffix: string;
  addressedAgencyId: string;
  /** the new appeal's text: clear (sealed here under the parent's data subject) or already sealed by the caller */
  text: string | Sealed;
  origin: Exclude<AppealOrigin, { type: 'direct' }>;
  kind?: string;
  language?: Language | undefined;
  /** put before the parent's subject (`Complaint: `) */
  subjectPrefix?: string;
  isAboutCrimeOrThreat?: boolean;
}

/**
 * Files a new appeal linked to an existing one (a forwarded part, a complaint): same applicant, tracking code,
 * category and region, addressed to another body, numbered after the parent. It takes all that from the parent as
 * the caller already loaded it, and goes the way every filing goes ({@link AppealCommands.submit}): the decider
 * accepts, then a clear text is sealed under the parent's data subject (one erasure covers both), so a refused
 * filing seals nothing. It answers the text as sealed, for the parent's own event, which the caller appends afterwards.
 */
export async function submitLinkedAppeal(
  commands: AppealCommands,
  parent: Appeal,
  spec: LinkedAppealSpec,
  ctx: { now: Date; actor: Actor; service: ServiceName },
): Promise<{ text: Sealed }> {
  let sealed: Sealed | undefined;
  await commands.submit(
    {
      type: 'SubmitAppeal',
      now: ctx.now,
      actor: ctx.actor,
      data: {
        appealId: spec.appealId,
        profileId: parent.profileId,
        numbering: {
          type: 'linked',
          parentNumber: parent.registrationNumber,
          suffix: spec.registrationSuffix,
        },
        trackingCodeHash: parent.trackingCodeHash,
        kind: spec.kind ?? parent.kind,
        categoryId: parent.categoryId,
        regionKato: parent.regionKato,
        language: spec.language ?? parent.language,
        subject: `${spec.subjectPrefix ?? ''}${parent.subject}`.slice(0, 300),
        applicantAccountId: parent.applicantAccountId,
        addressedAgencyId: spec.addressedAgencyId,
        isAboutCrimeOrThreat: spec.isAboutCrimeOrThreat ?? parent.isAboutCrimeOrThreat,
        channel: parent.channel,
        origin: spec.origin,
      },
    },
    async () => {
      const { text } = spec;
      sealed = typeof text === 'string' ? await commands.vault.seal(parent.subjectId, 'text', text) : text;
      return { applicant: parent.applicant, text: sealed };
    },
    { service: ctx.service, causationId: parent.appealId },
  );
  // submit seals once the decider accepted, before it appends: an appended appeal always has its sealed text
  if (!sealed) throw new Error(`Linked appeal ${spec.appealId} was appended without its sealed text`);
  return { text: sealed };
}
