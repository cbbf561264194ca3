import type { Appeal, AppealOrigin, AppealState, Language, LinkedAppealFact } from '@appeals/appeal-domain';
import type { Actor, Sealed } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import type { StoredEvent } from '@appeals/eventstore';
import type { Catalog } from '@appeals/reference-data';
import { canSee } from './access';
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

/**
 * Another appeal a command names (the earlier appeal a termination as "repeated" refers to, the appeal a duplicate is
 * merged into), read for the decider, which reads one stream only: its status, or `none` when it is not there or the
 * caller may not see it (so naming an appeal tells nobody it exists). `loaded` saves reading it again to act on it.
 */
export async function readLinkedAppeal(
  commands: AppealCommands,
  catalog: Catalog,
  who: Principal | undefined,
  appealId: string,
): Promise<{ fact: LinkedAppealFact; loaded: { state: AppealState; events: StoredEvent[] } }> {
  const loaded = await commands.load(appealId);
  const { state } = loaded;
  const visible = state.status !== 'none' && canSee(catalog, who, state);
  return {
    fact: visible
      ? { appealId, status: state.status, registrationNumber: state.registrationNumber }
      : { appealId, status: 'none' },
    loaded,
  };
}
