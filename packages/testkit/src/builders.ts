import { hashTrackingCode, sealSubmission } from '@appeals/appeal-application';
import type { RouteAppeal, SubmitAppeal } from '@appeals/appeal-domain';
import type { Applicant, Sealed, SubmitAppealBody } from '@appeals/contracts';
import type { PersonalDataVault } from '@appeals/personal-data';
import { randomUUID } from 'node:crypto';
import { BOSTANDYK, actors } from './actors';

/** Monday 2 March 2026, 10:00 in Almaty (UTC+5): a working day, before the 18:30 cut-off. */
export const MONDAY_10AM = '2026-03-02T10:00:00+05:00';

/** The tracking code the standard appeal's applicant holds. */
export const TRACKING_CODE = 'TRACK12345';

/** What the standard appeal says: no heating in a house in Bostandyk, an application in Russian by an individual. */
export const HOUSING_APPEAL = {
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Нет отопления',
  text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления.',
  applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
} satisfies Partial<SubmitAppealBody>;

/** The data subject of {@link sealedPlaceholder}: no key store knows it. */
export const PLACEHOLDER_SUBJECT_ID = '00000000-0000-4000-8000-000000000000';

/**
 * A sealed value's shape with arbitrary bytes, for tests that only carry personal data (the decider, routing
 * rules); nothing can open it. A test that reads personal data seals for real ({@link sealedAppealCommand}).
 */
export const sealedPlaceholder = (subjectId = PLACEHOLDER_SUBJECT_ID): Sealed => ({
  subjectId,
  alg: 'A256GCM',
  iv: 'AAAAAAAAAAAAAAAA',
  ciphertext: 'cGxhY2Vob2xkZXI=',
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

export type SubmitAppealOverrides = Partial<SubmitAppeal['data']> & {
  /** when the command is issued (default {@link MONDAY_10AM}) */
  now?: Date;
  /** the code whose hash the appeal keeps (default {@link TRACKING_CODE}) */
  trackingCode?: string;
};

/**
 * The standard SubmitAppeal: a housing appeal in Bostandyk, filed on the portal by `actors.citizen`. Its personal
 * data are placeholders unless given sealed (see {@link sealedAppealCommand}).
 */
export function submitAppealCommand(over: SubmitAppealOverrides = {}): SubmitAppeal {
  const {
    now = new Date(MONDAY_10AM),
    trackingCode = TRACKING_CODE,
    appealId = randomUUID(),
    ...data
  } = over;
  return {
    type: 'SubmitAppeal',
    now,
    actor: actors.citizen,
    data: {
      appealId,
      profileId: 'kz-appk',
      numbering: { type: 'dated', serial: appealId.slice(0, 6).toUpperCase() },
      trackingCodeHash: hashTrackingCode(trackingCode),
      kind: HOUSING_APPEAL.kind,
      categoryId: HOUSING_APPEAL.categoryId,
      regionKato: HOUSING_APPEAL.regionKato,
      language: HOUSING_APPEAL.language,
      subject: HOUSING_APPEAL.subject,
      text: sealedPlaceholder(),
      applicant: { type: 'individual', personal: sealedPlaceholder() },
      applicantAccountId: actors.citizen.id,
      channel: 'portal',
      ...data,
    },
  };
}

/** Clear personal data of a submission, sealed by {@link sealedAppealCommand} as intake seals it. */
export type ClearSubmissionOverrides = Omit<SubmitAppealOverrides, 'applicant' | 'text'> & {
  applicant?: Applicant;
  text?: string;
};

/**
 * The standard SubmitAppeal with its personal data sealed for real under `vault` (the applicant account's subject,
 * or a fresh one without an account), so projections can open it.
 */
export async function sealedAppealCommand(
  vault: PersonalDataVault,
  over: ClearSubmissionOverrides = {},
): Promise<SubmitAppeal> {
  const { applicant = HOUSING_APPEAL.applicant, text = HOUSING_APPEAL.text, ...rest } = over;
  const accountId = 'applicantAccountId' in over ? over.applicantAccountId : actors.citizen.id;
  const trackingCode = over.trackingCode ?? TRACKING_CODE;
  const sealed = await sealSubmission(vault, { applicant, text, accountId, trackingCode });
  return submitAppealCommand({ ...rest, ...sealed });
}

/** RouteAppeal by the routing rules, to the Bostandyk akimat unless another agency is named. */
export const routeAppealCommand = ({
  now = new Date(MONDAY_10AM),
  agencyId = BOSTANDYK,
  ruleId,
}: { now?: Date; agencyId?: string; ruleId?: string } = {}): RouteAppeal => ({
  type: 'RouteAppeal',
  now,
  actor: actors.rules,
  data: { agencyId, by: 'rules', ...(ruleId === undefined ? {} : { ruleId }) },
});

/**
 * Kazakhstan's 2028 calendar as far as a test needs it (the shipped years end with 2027): New Year falls on the
 * weekend, so 3 and 4 January are off. A deadline counted into 2028 before it is loaded is provisional.
 */
export const KZ_2028_NEW_YEAR = {
  profileId: 'kz-appk',
  year: 2028,
  holidays: [],
  movedDaysOff: [
    { date: '2028-01-03', reason: 'New Year 1 January falls on a Saturday' },
    { date: '2028-01-04', reason: 'New Year 2 January falls on a Sunday' },
  ],
  movedWorkingDays: [],
  source: 'test',
  verified: false,
};
