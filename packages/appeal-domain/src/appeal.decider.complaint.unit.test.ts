import type { EventData } from '@appeals/contracts';
import { AppealErrorCodes as E } from './errors';
import {
  AGENCY,
  APPEAL_ID,
  DRAFT_ID,
  HIGHER_AGENCY,
  at,
  command,
  drafted,
  executorsAssigned,
  head,
  hearingWaived,
  registered,
  routed,
  routedAppeal,
  spec,
  submitted,
} from './testAppeal';
import type { AppealEvent, DraftAnswer } from './types';

// A complaint appeal (APPK Art. 91–92): filed through the body complained about (AGENCY), which may satisfy it
// itself or hands it on to the reviewer (HIGHER_AGENCY); a late one waits for the reviewer's decision on the term.

const COMPLAINED_APPEAL_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const LATE = { windowEndsAt: '2026-06-22T18:59:59.000Z', filedAt: '2026-06-24T05:00:00.000Z' };

const complaintSubmitted = (late?: typeof LATE) =>
  submitted({
    kind: 'complaint',
    addressedAgencyId: AGENCY,
    origin: {
      type: 'complaint',
      complainedAppealId: COMPLAINED_APPEAL_ID,
      againstAgencyId: AGENCY,
      reviewerAgencyId: HIGHER_AGENCY,
      ...(late ? { late } : {}),
    },
  });
const handedOn: AppealEvent = {
  type: 'AppealForwarded',
  data: {
    appealId: APPEAL_ID,
    fromAgencyId: AGENCY,
    toAgencyId: HIGHER_AGENCY,
    scope: 'whole',
    reason: 'The complaint is for the higher body',
    forwardedAt: '2026-06-25T06:00:00.000Z',
    withinWindow: true,
    applicantNotifiedAt: '2026-06-25T06:00:00.000Z',
  },
};
/** With the body complained about: routed to it, an executor assigned, the hearing waived. */
const withBodyComplainedAbout = (late?: typeof LATE): AppealEvent[] => [
  complaintSubmitted(late),
  registered(),
  routed(AGENCY, { ruleId: 'addressed' }),
  executorsAssigned(),
  hearingWaived,
];
/** With the reviewer: handed on, an executor there assigned, the hearing waived. */
const withReviewer = (late?: typeof LATE): AppealEvent[] => [
  complaintSubmitted(late),
  registered(),
  routed(AGENCY, { ruleId: 'addressed' }),
  handedOn,
  executorsAssigned(),
  hearingWaived,
];
const restored: AppealEvent = {
  type: 'ComplaintTermRestored',
  data: {
    appealId: APPEAL_ID,
    reason: 'The applicant was in hospital',
    restoredAt: '2026-06-26T05:00:00.000Z',
    restoredBy: head.id,
  },
};

const restore = () =>
  command('RestoreComplaintTerm', { reason: 'The applicant was in hospital' }, at('2026-06-26T10:00'), head);
const draft = (
  answerCharacter: DraftAnswer['data']['answerCharacter'],
  complaintOutcome?: DraftAnswer['data']['complaintOutcome'],
) =>
  command(
    'DraftAnswer',
    {
      draftId: DRAFT_ID,
      text: 'Решение по жалобе.',
      decisionKind: 'give_answer',
      answerCharacter,
      language: 'ru',
      complaintOutcome,
    },
    at('2026-06-26T11:00'),
  );
const draftedAs = (over: Partial<EventData<'AnswerDrafted'>>) =>
  drafted({ text: 'Решение по жалобе.', ...over });

describe('RestoreComplaintTerm', () => {
  describe('when a late complaint is with the reviewer', () => {
    it('restores the missed term, so the complaint is considered on its merits', () => {
      spec.given(withReviewer(LATE)).when(restore()).then([restored]);
    });

    it('does nothing once restored', () => {
      spec
        .given([...withReviewer(LATE), restored])
        .when(restore())
        .thenNothingHappens();
    });
  });

  describe('when a late complaint is still with the body complained about', () => {
    it('refuses: only the reviewer decides on the missed term', () => {
      spec.given(withBodyComplainedAbout(LATE)).when(restore()).thenThrows(E.COMPLAINT_NOT_WITH_REVIEWER);
    });
  });

  describe('when the complaint was filed on time', () => {
    it('refuses: there is no missed term to restore', () => {
      spec.given(withReviewer()).when(restore()).thenThrows(E.NOT_A_LATE_COMPLAINT);
    });
  });

  describe('when the appeal is not a complaint', () => {
    it('refuses', () => {
      spec.given(routedAppeal).when(restore()).thenThrows(E.NOT_A_LATE_COMPLAINT);
    });
  });
});

describe('DraftAnswer on a complaint', () => {
  describe('when the body complained about has it', () => {
    it('lets it satisfy the complaint itself', () => {
      spec
        .given(withBodyComplainedAbout())
        .when(draft('satisfied', 'cancel_act'))
        .then([draftedAs({ answerCharacter: 'satisfied', complaintOutcome: 'cancel_act' })]);
    });

    it('refuses any other answer: it hands the complaint on to the reviewer instead', () => {
      spec
        .given(withBodyComplainedAbout())
        .when(draft('refused', 'leave_unsatisfied'))
        .thenThrows(E.COMPLAINT_SATISFY_OR_HAND_ON);
      spec
        .given(withBodyComplainedAbout())
        .when(draft('explained'))
        .thenThrows(E.COMPLAINT_SATISFY_OR_HAND_ON);
    });
  });

  describe('when a late complaint is with the reviewer and its term was not restored', () => {
    it('only leaves it without consideration', () => {
      spec
        .given(withReviewer(LATE))
        .when(draft('refused', 'leave_without_consideration'))
        .then([draftedAs({ answerCharacter: 'refused', complaintOutcome: 'leave_without_consideration' })]);
    });

    it('refuses a decision on the merits until the term is restored', () => {
      spec.given(withReviewer(LATE)).when(draft('refused', 'leave_unsatisfied')).thenThrows(E.COMPLAINT_LATE);
      spec.given(withReviewer(LATE)).when(draft('satisfied')).thenThrows(E.COMPLAINT_LATE);
    });
  });

  describe('when the reviewer restored the term of a late complaint', () => {
    it('decides it on its merits', () => {
      spec
        .given([...withReviewer(LATE), restored])
        .when(draft('refused', 'leave_unsatisfied'))
        .then([draftedAs({ answerCharacter: 'refused', complaintOutcome: 'leave_unsatisfied' })]);
    });
  });

  describe('when a complaint filed on time is with the reviewer', () => {
    it('decides it on its merits', () => {
      spec
        .given(withReviewer())
        .when(draft('refused', 'leave_unsatisfied'))
        .then([draftedAs({ answerCharacter: 'refused', complaintOutcome: 'leave_unsatisfied' })]);
    });
  });
});
