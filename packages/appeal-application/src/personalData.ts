import type { SealedSubmission } from '@appeals/appeal-domain';
import type { AppealLocation, Applicant, Remark, Sealed } from '@appeals/contracts';
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
    /** where the matter is (a point, an address): sealed too, purpose `location` (the Open311 ADR) */
    location?: AppealLocation | undefined;
  },
): Promise<SealedSubmission> {
  const subjectId = input.accountId
    ? await vault.subjectForAccount(input.accountId)
    : await vault.newSubject();
  const { type, ...contact } = input.applicant;
  const personal =
    input.trackingCode === undefined ? contact : { ...contact, trackingCode: input.trackingCode };
  // one look-up of the data key for every part
  const [text, ...rest] = await vault.sealEach(subjectId, [
    ['text', input.text],
    ...(input.location === undefined ? [] : [['location', input.location] as const]),
    ...(type === 'anonymous' ? [] : [['applicant', personal] as const]),
  ]);
  const location = input.location === undefined ? {} : { location: rest.shift()! };
  if (type === 'anonymous') return { applicant: { type }, text: text!, ...location };
  return { applicant: { type, personal: rest[0]! }, text: text!, ...location };
}

/**
 * Seals a remark the applicant writes after filing (a rating comment, why they withdraw or reopen) under the appeal's
 * data subject, purpose `remark` (ADR 0006). When the appeal already holds a remark with the same words
 * (`previous`, sealed or — in events written before remarks were sealed — clear), that value is given back, so the
 * decider sees a repeated command as one. Throws `SubjectErasedError` once the subject was erased.
 */
export async function sealRemark(
  vault: PersonalDataVault,
  subjectId: string,
  clear: string,
  previous?: Remark | undefined,
): Promise<Remark> {
  if (previous !== undefined && (await wordsOf(vault, previous)) === clear) return previous;
  return vault.seal(subjectId, 'remark', clear);
}

/** A remark's words: opened, or clear already (older events); undefined once its subject was erased. */
async function wordsOf(vault: PersonalDataVault, remark: Remark): Promise<string | undefined> {
  if (typeof remark === 'string') return remark;
  const opened = await vault.open<string>(remark, 'remark');
  return opened.status === 'present' ? opened.value : undefined;
}

/** The clear marker that replaces personal data once its subject was erased. */
export const ERASED = 'erased' as const;

/** The personal parts of an appeal opened for a reader, or marked erased. */
export interface OpenedSubmission {
  subjectId: string;
  personalData: 'present' | typeof ERASED;
  applicant: { type: string } & Record<string, unknown>;
  text: string | typeof ERASED;
  /** where the matter is, when the appeal has a location */
  location?: AppealLocation | typeof ERASED;
}

/** The applicant block as readers see it: the tracking code sealed with it is the applicant's alone. */
const withoutTrackingCode = ({ trackingCode: _code, ...rest }: Record<string, unknown>) => rest;

/** What a read view keeps of an appeal's sealed parts, to open them for a reader (ADR "sealed read views"). */
export interface SealedParts extends SealedSubmission {
  /** the applicant's sealed remarks the view holds (rating comment, reasons), opened in this order */
  remarks?: readonly Sealed[];
}

/**
 * Opens an appeal's sealed parts for a reader allowed to see them, with one look-up of each data key for all of
 * them; after erasure each is the {@link ERASED} marker. Refuses (throws) a tampered ciphertext.
 */
export async function openSubmission(
  vault: PersonalDataVault,
  data: SealedParts,
): Promise<OpenedSubmission & { remarks: string[] }> {
  const subjectId = data.text.subjectId;
  const remarks = data.remarks ?? [];
  const named = data.applicant.type === 'anonymous' ? undefined : data.applicant.personal;
  const [text, ...rest] = await vault.openEach([
    [data.text, 'text'],
    ...(data.location ? [[data.location, 'location'] as const] : []),
    ...(named ? [[named, 'applicant'] as const] : []),
    ...remarks.map((remark) => [remark, 'remark'] as const),
  ]);
  const location = data.location ? (rest.shift() as Opened<AppealLocation>) : undefined;
  const applicant = named ? (rest.shift() as Opened<Record<string, unknown>>) : undefined;
  const opened = rest;
  const erased = text!.status === 'erased' || applicant?.status === 'erased';
  return {
    subjectId,
    personalData: erased ? ERASED : 'present',
    applicant:
      applicant === undefined
        ? { type: data.applicant.type }
        : applicant.status === 'present'
          ? { type: data.applicant.type, ...withoutTrackingCode(applicant.value) }
          : { type: data.applicant.type, personalData: ERASED },
    text: text!.status === 'present' ? (text!.value as string) : ERASED,
    ...(location ? { location: location.status === 'present' ? location.value : ERASED } : {}),
    remarks: opened.map((r) => (r.status === 'present' ? (r.value as string) : ERASED)),
  };
}
