import type { Actor, EventData, Sealed } from '@appeals/contracts';
import type { AppealCommands, ServiceName } from './appealCommands';

export interface LinkedAppealSpec {
  appealId: string;
  /** appended to the parent's registration number (`/1` for a forwarded part, `-C1` for a complaint) */
  registrationSuffix: string;
  addressedAgencyId: string;
  /** the new appeal's text: clear (sealed here under the parent's data subject) or already sealed by the caller */
  text: string | Sealed;
  origin:
    | { type: 'forwarded_part'; parentAppealId: string; fromAgencyId: string }
    | { type: 'complaint'; complainedAppealId: string; againstAgencyId: string };
  kind?: string;
  language?: 'kk' | 'ru' | 'en' | undefined;
  /** put before the parent's subject (`Complaint: `) */
  subjectPrefix?: string;
  isAboutCrimeOrThreat?: boolean;
}

/**
 * Files a new appeal linked to an existing one (a forwarded part, a complaint): same applicant, tracking code,
 * category and region, addressed to another body. The parent's own event is appended by the caller afterwards.
 */
export async function submitLinkedAppeal(
  commands: AppealCommands,
  parentAppealId: string,
  spec: LinkedAppealSpec,
  ctx: { now: Date; actor: Actor; service: ServiceName },
): Promise<void> {
  const { events } = await commands.load(parentAppealId);
  const parent = events.find((e) => e.type === 'AppealSubmitted')?.data as EventData<'AppealSubmitted'>;
  const registered = events.find((e) => e.type === 'AppealRegistered')?.data as EventData<'AppealRegistered'>;
  await commands.execute(
    spec.appealId,
    {
      type: 'SubmitAppeal',
      now: ctx.now,
      actor: ctx.actor,
      data: {
        appealId: spec.appealId,
        profileId: parent.profileId,
        registrationNumber: `${registered.registrationNumber}${spec.registrationSuffix}`,
        trackingCodeHash: parent.trackingCodeHash,
        kind: spec.kind ?? parent.kind,
        categoryId: parent.categoryId,
        regionKato: parent.regionKato,
        language: spec.language ?? parent.language,
        subject: `${spec.subjectPrefix ?? ''}${parent.subject}`.slice(0, 300),
        // the same data subject as the parent: one erasure covers both
        text:
          typeof spec.text === 'string'
            ? await commands.vault.seal(parent.text.subjectId, 'text', spec.text)
            : spec.text,
        applicant: parent.applicant,
        applicantAccountId: parent.applicantAccountId,
        addressedAgencyId: spec.addressedAgencyId,
        isAboutCrimeOrThreat: spec.isAboutCrimeOrThreat ?? parent.isAboutCrimeOrThreat,
        channel: parent.channel,
        origin: spec.origin,
      },
    },
    { service: ctx.service, causationId: parentAppealId },
  );
}
