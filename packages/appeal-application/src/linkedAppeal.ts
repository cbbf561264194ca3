import type { Actor, EventData } from '@appeals/contracts';
import type { AppealCommands, ServiceName } from './appealCommands';

export interface LinkedAppealSpec {
  appealId: string;
  /** appended to the parent's registration number (`/1` for a forwarded part, `-C1` for a complaint) */
  registrationSuffix: string;
  addressedAgencyId: string;
  text: string;
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
        text: spec.text,
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
