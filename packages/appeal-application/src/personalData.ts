import type { SealedSubmission } from '@appeals/appeal-domain';
import type { Applicant } from '@appeals/contracts';
import type { Opened, PersonalDataVault } from '@appeals/personal-data';

export type { SealedSubmission };

/**
 * Chooses the data subject of a new appeal and seals its personal data (ADR 0006): an applicant signed in with an
 * account is one subject across all their appeals; anyone else (a citizen without an account, a paper appeal
 * entered by a registrar) gets a fresh subject for this appeal alone. The kind of applicant stays clear.
 * Called once the decider accepted the appeal (`AppealCommands.submit`), so a refusal creates no subject.
 * The tracking code, when given, is sealed with the applicant's contact for the registration notice (the event
 * keeps only its hash); {@link openSubmission} leaves it out for readers.
 */
export async function sealSubmission(
  vault: PersonalDataVault,
  input: {
    applicant: Applicant;
    text: string;
    accountId?: string | undefined;
    trackingCode?: string | undefined;
  },
): Promise<SealedSubmission> {
  const subjectId = input.accountId
    ? await vault.subjectForAccount(input.accountId)
    : await vault.newSubject();
  const { type, ...contact } = input.applicant;
  const personal =
    input.trackingCode === undefined ? contact : { ...contact, trackingCode: input.trackingCode };
  // one look-up of the data key for both parts
  const [text, sealedPersonal] = await vault.sealEach(subjectId, [
    ['text', input.text],
    ...(type === 'anonymous' ? [] : [['applicant', personal] as const]),
  ]);
  if (type === 'anonymous') return { applicant: { type }, text: text! };
  return { applicant: { type, personal: sealedPersonal! }, text: text! };
}

/** The clear marker that replaces personal data once its subject was erased. */
export const ERASED = 'erased' as const;

/** The personal parts of an appeal opened for a reader, or marked erased. */
export interface OpenedSubmission {
  subjectId: string;
  personalData: 'present' | typeof ERASED;
  applicant: { type: string } & Record<string, unknown>;
  text: string | typeof ERASED;
}

/** The applicant block as readers see it: the tracking code sealed with it is the applicant's alone. */
const withoutTrackingCode = ({ trackingCode: _code, ...rest }: Record<string, unknown>) => rest;

/** Opens a submission's sealed parts (projections); after erasure each is the {@link ERASED} marker. */
export async function openSubmission(
  vault: PersonalDataVault,
  data: SealedSubmission,
): Promise<OpenedSubmission> {
  const subjectId = data.text.subjectId;
  // one look-up of each data key for both parts
  const [text, personal] = (await vault.openEach([
    [data.text, 'text'],
    ...(data.applicant.type === 'anonymous' ? [] : [[data.applicant.personal, 'applicant'] as const]),
  ])) as [Opened<string>, Opened<Record<string, unknown>>?];
  const erased = text.status === 'erased' || personal?.status === 'erased';
  return {
    subjectId,
    personalData: erased ? ERASED : 'present',
    applicant:
      personal === undefined
        ? { type: data.applicant.type }
        : personal.status === 'present'
          ? { type: data.applicant.type, ...withoutTrackingCode(personal.value) }
          : { type: data.applicant.type, personalData: ERASED },
    text: text.status === 'present' ? text.value : ERASED,
  };
}
