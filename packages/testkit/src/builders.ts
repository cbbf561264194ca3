import { hashTrackingCode } from '@appeals/appeal-application';
import type { RouteAppeal, SubmitAppeal } from '@appeals/appeal-domain';
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
} satisfies Partial<SubmitAppeal['data']>;

export type SubmitAppealOverrides = Partial<SubmitAppeal['data']> & {
  /** when the command is issued (default {@link MONDAY_10AM}) */
  now?: Date;
  /** the code whose hash the appeal keeps (default {@link TRACKING_CODE}) */
  trackingCode?: string;
};

/** The standard SubmitAppeal: a housing appeal in Bostandyk, filed on the portal by `actors.citizen`. */
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
      registrationNumber: `20260302-${appealId.slice(0, 6).toUpperCase()}`,
      trackingCodeHash: hashTrackingCode(trackingCode),
      ...HOUSING_APPEAL,
      applicantAccountId: actors.citizen.id,
      channel: 'portal',
      ...data,
    },
  };
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
