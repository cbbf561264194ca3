import { AppealErrorCodes as E } from './errors';
import {
  AGENCY,
  APPEAL_ID,
  DRAFT_ID,
  HIGHER_AGENCY,
  OTHER_AGENCY,
  OTHER_DRAFT_ID,
  answeredAppeal,
  appealInProgress,
  applicant,
  approved,
  at,
  command,
  complaintFiled,
  deemedRefused,
  drafted,
  forwardedPart,
  forwardedWholeOn4Mar as forwardedWhole,
  head,
  hearingHeld,
  rated,
  reopened,
  routedAppeal,
  sealedFixture,
  sent,
  spec,
  terminated,
  terminatedAppeal,
  withdrawn,
  withdrawnAppeal,
} from './testAppeal';
import type { AppealEvent, DraftAnswer } from './types';

// A repeated command (a retry without an Idempotency-Key, a double click) is a no-op when its effect is already in
// the state, whatever happened since; a command that conflicts with the state is refused with its specific code.
// The table of every command is in docs/adr (repeated commands). Issue 10, defect 8.

const NEW_DRAFT_ID = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const OTHER_COMPLAINT_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';

const route = (agencyId = AGENCY) =>
  command('RouteAppeal', { agencyId, by: 'staff' }, at('2026-03-12T10:00'), head);
const forwardPart = (childAppealId: string) =>
  command(
    'ForwardAppeal',
    {
      toAgencyId: OTHER_AGENCY,
      scope: 'part',
      partDescription: 'The question about air quality',
      childAppealId,
      reason: 'Ecology is theirs',
    },
    at('2026-03-03T11:05'),
  );
const forwardWhole = () =>
  command(
    'ForwardAppeal',
    { toAgencyId: OTHER_AGENCY, scope: 'whole', reason: 'Outside our competence' },
    at('2026-03-12T10:00'),
  );
const assign = (executorIds = ['executor-1']) =>
  command('AssignExecutors', { executorIds }, at('2026-03-21T11:00'), head);
const holdHearing = () =>
  command(
    'RecordHearing',
    { held: true, heldAt: '2026-03-10T06:00:00.000Z', notes: 'Heard by phone' },
    at('2026-03-21T12:00'),
  );
const draft = (data: Partial<DraftAnswer['data']> = {}) =>
  command(
    'DraftAnswer',
    {
      draftId: NEW_DRAFT_ID,
      text: 'Ремонт дороги включён в план на апрель.',
      decisionKind: 'give_answer',
      answerCharacter: 'explained',
      language: 'ru',
      ...data,
    },
    at('2026-03-18T10:05'),
  );
const send = (draftId = DRAFT_ID) => command('SendAnswer', { draftId }, at('2026-03-20T15:05'));
const terminate = (ground: 'substance_not_stated' | 'returned', groundText?: string) =>
  command('TerminateAppeal', { ground, groundText }, at('2026-03-10T11:05'));
const withdraw = () => command('WithdrawAppeal', {}, at('2026-03-11T10:00'), applicant);
const reopen = (reason = 'The road is still broken') =>
  command('ReopenAppeal', { reason }, at('2026-03-23T10:05'), applicant);
const complaintReason = sealedFixture('YW5vdGhlciBzZWFsaW5nIG9mIHRoZSByZWFzb24=');
const complain = (now: Date, complaintAppealId = OTHER_COMPLAINT_ID) =>
  command(
    'FileComplaint',
    {
      complaintAppealId,
      higherAgencyId: HIGHER_AGENCY,
      againstAgencyId: AGENCY,
      kind: 'complaint',
      reason: complaintReason,
    },
    now,
    applicant,
  );

describe('RouteAppeal repeated', () => {
  it('does nothing once the appeal is closed, when it was routed to the same agency', () => {
    spec.given(withdrawnAppeal).when(route()).thenNothingHappens();
  });

  it('still refuses routing to another agency', () => {
    spec.given(routedAppeal).when(route(OTHER_AGENCY)).thenThrows(E.ALREADY_ROUTED);
  });
});

describe('ForwardAppeal repeated', () => {
  it('does nothing for the same part to the same body, whatever child id the retry carries', () => {
    spec
      .given([...routedAppeal, forwardedPart])
      .when(forwardPart('0d9c8b7a-6f5e-4d3c-8b2a-190817263544'))
      .thenNothingHappens();
  });

  it('does nothing for a whole forward to the same body after the appeal was closed', () => {
    spec
      .given([...routedAppeal, forwardedWhole, withdrawn])
      .when(forwardWhole())
      .thenNothingHappens();
  });
});

describe('agency work repeated after the answer', () => {
  it('does nothing when the same executors are assigned again', () => {
    spec.given(answeredAppeal).when(assign()).thenNothingHappens();
  });

  it('still refuses other executors', () => {
    spec
      .given(answeredAppeal)
      .when(assign(['executor-2']))
      .thenThrows(E.ALREADY_ANSWERED);
  });

  it('does nothing when the same hearing is recorded again', () => {
    spec
      .given([...appealInProgress, hearingHeld, drafted(), approved(), sent()])
      .when(holdHearing())
      .thenNothingHappens();
  });

  it('does nothing when the same extension is decided again once closed', () => {
    const extended: AppealEvent = {
      type: 'DeadlineExtended',
      data: {
        appealId: APPEAL_ID,
        previousDeadline: {
          dueOn: '2026-03-23',
          dueAt: '2026-03-23T18:59:59.000Z',
          termDays: 15,
          regime: 'working',
        },
        newDeadline: {
          dueOn: '2026-04-15',
          dueAt: '2026-04-15T18:59:59.000Z',
          termDays: 44,
          regime: 'calendar',
        },
        reason: 'An on-site inspection is needed',
        approvedBy: head.id,
        applicantNotifiedAt: '2026-03-16T05:00:00.000Z',
      },
    };
    spec
      .given([...appealInProgress, extended, withdrawn])
      .when(
        command('ExtendDeadline', { newDueOn: '2026-04-15', reason: 'Again' }, at('2026-03-16T10:05'), head),
      )
      .thenNothingHappens();
  });
});

describe('DraftAnswer repeated', () => {
  it('does nothing when the latest draft already says the same, under whatever new draft id', () => {
    spec
      .given([...appealInProgress, drafted()])
      .when(draft())
      .thenNothingHappens();
  });

  it('drafts anew when the text differs', () => {
    spec
      .given([...appealInProgress, drafted()])
      .when(draft({ text: 'Ремонт дороги перенесён на май.' }))
      .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['AnswerDrafted']));
  });

  it('drafts anew when an earlier draft, not the latest, said the same', () => {
    spec
      .given([...appealInProgress, drafted(), drafted({ draftId: OTHER_DRAFT_ID, text: 'Другой ответ' })])
      .when(draft())
      .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['AnswerDrafted']));
  });

  it('does nothing after the answer when the sent draft said the same', () => {
    spec.given(answeredAppeal).when(draft()).thenNothingHappens();
  });

  it('still refuses a different draft after the answer', () => {
    spec
      .given(answeredAppeal)
      .when(draft({ text: 'Ещё один ответ' }))
      .thenThrows(E.ALREADY_ANSWERED);
  });
});

describe('SendAnswer repeated', () => {
  it('does nothing for the same answer, whatever happened since', () => {
    spec
      .given([...answeredAppeal, rated(5)])
      .when(send())
      .thenNothingHappens();
  });
});

describe('TerminateAppeal repeated', () => {
  it('does nothing for the same ground', () => {
    spec.given(terminatedAppeal).when(terminate('substance_not_stated')).thenNothingHappens();
  });

  it('refuses another ground: the case was closed on a different one', () => {
    spec.given(terminatedAppeal).when(terminate('returned')).thenThrows(E.CLOSED);
    spec
      .given([...appealInProgress, terminated('returned')])
      .when(terminate('returned', 'Another text'))
      .thenThrows(E.CLOSED);
  });

  it('refuses a withdrawal of a terminated appeal', () => {
    spec.given(terminatedAppeal).when(withdraw()).thenThrows(E.CLOSED);
  });
});

describe('ReopenAppeal repeated', () => {
  it('does nothing while the reopened appeal awaits its new answer', () => {
    spec
      .given([...answeredAppeal, rated(1), reopened])
      .when(reopen())
      .thenNothingHappens();
  });

  it('still refuses a reopening for another reason: there is no answer to send back', () => {
    spec
      .given([...answeredAppeal, rated(1), reopened])
      .when(reopen('Something else'))
      .thenThrows(E.NOT_ANSWERED);
  });
});

describe('FileComplaint repeated', () => {
  it('does nothing when a complaint against the same answer is on file, whatever new complaint id it carries', () => {
    spec
      .given([...answeredAppeal, complaintFiled('2026-04-01T05:00:00.000Z')])
      .when(complain(at('2026-04-01T10:05')))
      .thenNothingHappens();
  });

  it('does nothing when a complaint against the same silence is on file', () => {
    spec
      .given([...appealInProgress, deemedRefused, complaintFiled('2026-03-25T05:00:00.000Z')])
      .when(complain(at('2026-03-25T10:05')))
      .thenNothingHappens();
  });

  it('files a complaint against a later answer', () => {
    spec
      .given([
        ...appealInProgress,
        deemedRefused,
        complaintFiled('2026-03-25T05:00:00.000Z'),
        drafted(),
        approved(),
        sent({ sentAt: '2026-03-26T10:00:00.000Z', onTime: false }),
      ])
      .when(complain(at('2026-03-27T10:00')))
      .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['ComplaintFiled']));
  });
});

describe('commands on an appeal that does not exist', () => {
  it('are refused, not treated as repeats', () => {
    spec.given([]).when(send()).thenThrows(E.NOT_FOUND);
    spec.given([]).when(route()).thenThrows(E.NOT_FOUND);
  });
});
