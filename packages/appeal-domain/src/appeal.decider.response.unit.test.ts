import { AppealErrorCodes as E } from './errors';
import {
  APPEAL_ID,
  DEADLINE,
  DRAFT_ID,
  OTHER_DRAFT_ID,
  answeredAppeal,
  appealInProgress,
  approved,
  at,
  command,
  deemedRefused,
  drafted,
  executorsAssigned,
  forwardedWhole,
  head,
  hearingHeld,
  hearingWaived,
  registeredAppeal,
  routedAppeal,
  sent,
  spec,
  terminatedAppeal,
  withdrawn,
  withdrawnAppeal,
} from './testAppeal';
import type { AppealEvent, DraftAnswer } from './types';

const assign = (executorIds: string[], leadExecutorId?: string) =>
  command('AssignExecutors', { executorIds, leadExecutorId }, at('2026-03-02T11:00'), head);
const extend = (newDueOn: string, now = at('2026-03-16T10:00')) =>
  command('ExtendDeadline', { newDueOn, reason: 'An on-site inspection is needed' }, now, head);
const holdHearing = (heldAt = '2026-03-10T06:00:00.000Z') =>
  command('RecordHearing', { held: true, heldAt, notes: 'Heard by phone' }, at('2026-03-10T12:00'));
const waiveHearing = (reason = 'The applicant declined') =>
  command('RecordHearing', { held: false, reason }, at('2026-03-10T12:00'));
const draft = (data: Partial<DraftAnswer['data']> = {}) =>
  command(
    'DraftAnswer',
    {
      draftId: DRAFT_ID,
      text: 'Ремонт дороги включён в план на апрель.',
      decisionKind: 'give_answer',
      answerCharacter: 'explained',
      language: 'ru',
      ...data,
    },
    at('2026-03-18T10:00'),
  );
const approve = (draftId = DRAFT_ID) => command('ApproveAnswer', { draftId }, at('2026-03-19T10:00'), head);
const send = (now: Date, draftId = DRAFT_ID) => command('SendAnswer', { draftId }, now);

/** Extended on Mon 16 Mar to Wed 15 Apr: 29 days left in March after the 2nd + 15 in April = day 44. */
const extendedToApril15: AppealEvent = {
  type: 'DeadlineExtended',
  data: {
    appealId: APPEAL_ID,
    previousDeadline: DEADLINE,
    newDeadline: { dueOn: '2026-04-15', dueAt: '2026-04-15T18:59:59.000Z', termDays: 44, regime: 'calendar' },
    reason: 'An on-site inspection is needed',
    approvedBy: head.id,
    applicantNotifiedAt: '2026-03-16T05:00:00.000Z',
  },
};
const approvedDraft = [...appealInProgress, drafted(), approved()];

describe('AssignExecutors', () => {
  describe('when registered', () => {
    it('refuses: the appeal is not with an agency yet', () => {
      spec
        .given(registeredAppeal)
        .when(assign(['executor-1']))
        .thenThrows(E.NOT_ROUTED);
    });
  });

  describe('when routed', () => {
    it('assigns the executors, the first one leading by default', () => {
      spec
        .given(routedAppeal)
        .when(assign(['executor-1', 'executor-2']))
        .then([
          {
            type: 'ExecutorsAssigned',
            data: {
              appealId: APPEAL_ID,
              executorIds: ['executor-1', 'executor-2'],
              leadExecutorId: 'executor-1',
            },
          },
        ]);
    });

    it('assigns a chosen lead among them', () => {
      spec
        .given(routedAppeal)
        .when(assign(['executor-1', 'executor-2'], 'executor-2'))
        .then([executorsAssigned(['executor-1', 'executor-2'], 'executor-2')]);
    });

    it('refuses a lead who is not among the executors', () => {
      spec
        .given(routedAppeal)
        .when(assign(['executor-1'], 'executor-7'))
        .thenThrows(E.LEAD_NOT_AMONG_EXECUTORS);
    });

    it('refuses an empty list: there is nobody to lead', () => {
      spec.given(routedAppeal).when(assign([])).thenThrows(E.LEAD_NOT_AMONG_EXECUTORS);
    });
  });

  describe('when in progress', () => {
    it('does nothing when the same executors and lead are assigned again', () => {
      spec
        .given(appealInProgress)
        .when(assign(['executor-1']))
        .thenNothingHappens();
    });

    it('reassigns to a different set', () => {
      spec
        .given(appealInProgress)
        .when(assign(['executor-1', 'executor-2'], 'executor-2'))
        .then([executorsAssigned(['executor-1', 'executor-2'], 'executor-2')]);
    });
  });

  describe('when answered', () => {
    it('refuses', () => {
      spec
        .given(answeredAppeal)
        .when(assign(['executor-2']))
        .thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec
        .given(withdrawnAppeal)
        .when(assign(['executor-2']))
        .thenThrows(E.CLOSED);
    });
  });
});

describe('ExtendDeadline', () => {
  describe('when registered', () => {
    it('refuses', () => {
      spec.given(registeredAppeal).when(extend('2026-04-15')).thenThrows(E.NOT_ROUTED);
    });
  });

  describe('when in progress', () => {
    it('extends the term and notifies the applicant', () => {
      spec.given(appealInProgress).when(extend('2026-04-15')).then([extendedToApril15]);
    });

    it('refuses a date that is not after the current deadline', () => {
      spec.given(appealInProgress).when(extend('2026-03-23')).thenThrows(E.EXTENSION_NOT_LATER);
      spec.given(appealInProgress).when(extend('2026-03-20')).thenThrows(E.EXTENSION_NOT_LATER);
    });

    it('extends up to the last working day within two calendar months from registration', () => {
      // Registered Mon 2 Mar → the limit is Sat 2 May 23:59:59 local; Fri 1 May is day 60 (29 + 30 + 1).
      spec
        .given(appealInProgress)
        .when(extend('2026-05-01'))
        .thenMatches(([extended]) =>
          expect(extended?.data).toMatchObject({
            newDeadline: {
              dueOn: '2026-05-01',
              dueAt: '2026-05-01T18:59:59.000Z',
              termDays: 60,
              regime: 'calendar',
            },
          }),
        );
    });

    it('refuses a day beyond two calendar months from registration', () => {
      spec.given(appealInProgress).when(extend('2026-05-03')).thenThrows(E.EXTENSION_TOO_LONG);
    });

    it('moves a new due date on a day off to the next working day: Sat 18 Apr → Mon 20 Apr', () => {
      spec
        .given(appealInProgress)
        .when(extend('2026-04-18'))
        .thenMatches(([extended]) =>
          expect(extended?.data).toMatchObject({
            newDeadline: { dueOn: '2026-04-20', dueAt: '2026-04-20T18:59:59.000Z', termDays: 49 },
          }),
        );
    });

    it('refuses the limit itself when it is a day off: Sat 2 May would end on Mon 4 May, past it', () => {
      spec.given(appealInProgress).when(extend('2026-05-02')).thenThrows(E.EXTENSION_TOO_LONG);
    });

    it('extends on the last evening of the term', () => {
      spec
        .given(appealInProgress)
        .when(extend('2026-04-15', at('2026-03-23T23:00')))
        .thenMatches(([extended]) => expect(extended?.type).toBe('DeadlineExtended'));
    });

    it('refuses once the deadline has passed: an extension is decided before the term ends', () => {
      spec
        .given(appealInProgress)
        .when(extend('2026-04-15', at('2026-03-24T10:00')))
        .thenThrows(E.DEADLINE_PASSED);
    });
  });

  describe('when deemed refused', () => {
    it('refuses: silence past the deadline already counts as a refusal', () => {
      spec
        .given([...appealInProgress, deemedRefused])
        .when(extend('2026-04-15', at('2026-03-24T10:00')))
        .thenThrows(E.DEEMED_REFUSED);
    });
  });

  describe('when forwarded whole to another body', () => {
    // Received by the other body Mon 20 Apr (the first body's limit was Sat 2 May): its term runs to Mon 11 May,
    // and its own limit is two months from its receipt, Sat 20 Jun (APPK Art. 65, 76).
    const withTheOtherBody = [
      ...appealInProgress,
      forwardedWhole(),
      executorsAssigned(['executor-9'], 'executor-9'),
    ];

    it('lets the receiving body extend up to two months from its own receipt', () => {
      spec
        .given(withTheOtherBody)
        .when(extend('2026-06-19', at('2026-05-05T10:00')))
        .thenMatches(([extended]) =>
          expect(extended?.data).toMatchObject({
            newDeadline: { dueOn: '2026-06-19', termDays: 60, regime: 'calendar' },
          }),
        );
    });

    it('refuses beyond two months from its receipt', () => {
      spec
        .given(withTheOtherBody)
        .when(extend('2026-06-22', at('2026-05-05T10:00')))
        .thenThrows(E.EXTENSION_TOO_LONG);
    });
  });

  describe('when extended', () => {
    it('does nothing when the same extension is decided again', () => {
      spec
        .given([...appealInProgress, extendedToApril15])
        .when(extend('2026-04-15', at('2026-03-16T10:05')))
        .thenNothingHappens();
    });

    it('extends again, still measured against the extended deadline and the two-month limit', () => {
      spec
        .given([...appealInProgress, extendedToApril15])
        .when(extend('2026-04-10'))
        .thenThrows(E.EXTENSION_NOT_LATER);
      spec
        .given([...appealInProgress, extendedToApril15])
        .when(extend('2026-04-30'))
        .thenMatches(([extended]) =>
          expect(extended?.data).toMatchObject({ previousDeadline: extendedToApril15.data.newDeadline }),
        );
    });
  });

  describe('when answered', () => {
    it('refuses', () => {
      spec.given(answeredAppeal).when(extend('2026-04-15')).thenThrows(E.ALREADY_ANSWERED);
    });
  });
});

describe('RecordHearing', () => {
  describe('when registered', () => {
    it('refuses', () => {
      spec.given(registeredAppeal).when(holdHearing()).thenThrows(E.NOT_ROUTED);
    });
  });

  describe('when in progress', () => {
    it('records a hearing held', () => {
      spec.given(appealInProgress).when(holdHearing()).then([hearingHeld]);
    });

    it('records why there was no hearing', () => {
      spec.given(appealInProgress).when(waiveHearing()).then([hearingWaived]);
    });
  });

  describe('when a hearing is recorded', () => {
    it('does nothing when the same hearing is recorded again', () => {
      spec
        .given([...appealInProgress, hearingHeld])
        .when(holdHearing())
        .thenNothingHappens();
    });

    it('does nothing when the same waiver is recorded again', () => {
      spec
        .given([...appealInProgress, hearingWaived])
        .when(waiveHearing())
        .thenNothingHappens();
    });

    it('records a later hearing after a waiver', () => {
      spec
        .given([...appealInProgress, hearingWaived])
        .when(holdHearing())
        .then([hearingHeld]);
    });
  });

  describe('when answered', () => {
    it('refuses', () => {
      spec.given(answeredAppeal).when(holdHearing()).thenThrows(E.ALREADY_ANSWERED);
    });
  });
});

describe('DraftAnswer', () => {
  describe('when routed but nobody is assigned', () => {
    it('refuses', () => {
      spec.given(routedAppeal).when(draft()).thenThrows(E.NO_EXECUTOR);
    });
  });

  describe('when in progress', () => {
    it('drafts an answer in the language of the appeal', () => {
      spec.given(appealInProgress).when(draft()).then([drafted()]);
    });

    it('drafts an answer in the state language', () => {
      spec
        .given(appealInProgress)
        .when(draft({ language: 'kk' }))
        .then([drafted({ language: 'kk' })]);
    });

    it('refuses a language that is neither the state language nor that of the appeal', () => {
      // The appeal is in Russian; the state language is Kazakh (Law on Languages, Art. 11).
      spec
        .given(appealInProgress)
        .when(draft({ language: 'en' }))
        .thenThrows(E.ANSWER_LANGUAGE);
    });

    it('refuses a refusal before the hearing is recorded', () => {
      spec
        .given(appealInProgress)
        .when(draft({ answerCharacter: 'refused' }))
        .thenThrows(E.HEARING_NOT_RECORDED);
    });

    it('refuses a burdensome act before the hearing is recorded', () => {
      spec
        .given(appealInProgress)
        .when(draft({ decisionKind: 'burdensome_act', answerCharacter: 'explained' }))
        .thenThrows(E.HEARING_NOT_RECORDED);
    });

    it('keeps the complaint outcome when there is one', () => {
      spec
        .given(appealInProgress)
        .when(draft({ complaintOutcome: 'cancel_act' }))
        .then([drafted({ complaintOutcome: 'cancel_act' })]);
    });
  });

  describe('when the hearing was waived', () => {
    it('drafts a refusal', () => {
      spec
        .given([...appealInProgress, hearingWaived])
        .when(draft({ answerCharacter: 'refused' }))
        .then([drafted({ answerCharacter: 'refused' })]);
    });
  });

  describe('when the hearing was held', () => {
    it('drafts a refusal', () => {
      spec
        .given([...appealInProgress, hearingHeld])
        .when(draft({ answerCharacter: 'refused' }))
        .then([drafted({ answerCharacter: 'refused' })]);
    });
  });

  describe('when drafted', () => {
    it('does nothing for the same draft id', () => {
      spec
        .given([...appealInProgress, drafted()])
        .when(draft({ text: 'A retry' }))
        .thenNothingHappens();
    });

    it('adds another draft under a new id', () => {
      const text = 'Ремонт дороги перенесён на май.';
      spec
        .given([...appealInProgress, drafted()])
        .when(draft({ draftId: OTHER_DRAFT_ID, text }))
        .then([drafted({ draftId: OTHER_DRAFT_ID, text })]);
    });
  });

  describe('when answered', () => {
    it('refuses a new draft', () => {
      spec
        .given(answeredAppeal)
        .when(draft({ draftId: OTHER_DRAFT_ID, text: 'Другой ответ' }))
        .thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec.given(terminatedAppeal).when(draft()).thenThrows(E.CLOSED);
    });
  });
});

describe('ApproveAnswer', () => {
  describe('when in progress', () => {
    it('refuses an unknown draft', () => {
      spec
        .given([...appealInProgress, drafted()])
        .when(approve(OTHER_DRAFT_ID))
        .thenThrows(E.DRAFT_NOT_FOUND);
    });

    it('approves the draft', () => {
      spec
        .given([...appealInProgress, drafted()])
        .when(approve())
        .then([approved()]);
    });
  });

  describe('when approved', () => {
    it('does nothing', () => {
      spec.given(approvedDraft).when(approve()).thenNothingHappens();
    });
  });

  describe('when answered', () => {
    it('refuses to approve another draft', () => {
      spec
        .given([...appealInProgress, drafted(), drafted({ draftId: OTHER_DRAFT_ID }), approved(), sent()])
        .when(approve(OTHER_DRAFT_ID))
        .thenThrows(E.ALREADY_ANSWERED);
    });
  });
});

describe('SendAnswer', () => {
  describe('when in progress', () => {
    it('refuses an unknown draft', () => {
      spec
        .given(approvedDraft)
        .when(send(at('2026-03-20T15:00'), OTHER_DRAFT_ID))
        .thenThrows(E.DRAFT_NOT_FOUND);
    });

    it('refuses a draft that is not approved', () => {
      spec
        .given([...appealInProgress, drafted()])
        .when(send(at('2026-03-20T15:00')))
        .thenThrows(E.DRAFT_NOT_APPROVED);
    });
  });

  describe('when approved', () => {
    it('sends the answer on time and opens the three-month complaint window', () => {
      // Fri 20 Mar 15:00 ≤ Mon 23 Mar 23:59:59; window to 20 Jun 23:59:59 local.
      spec
        .given(approvedDraft)
        .when(send(at('2026-03-20T15:00')))
        .then([sent()]);
    });

    it('is still on time on the last evening of the term', () => {
      spec
        .given(approvedDraft)
        .when(send(at('2026-03-23T23:30')))
        .thenMatches(([answer]) =>
          expect(answer?.data).toMatchObject({
            onTime: true,
            complaintWindowEndsAt: '2026-06-23T18:59:59.000Z',
          }),
        );
    });

    it('sends the answer late', () => {
      // Tue 24 Mar 10:00 > Mon 23 Mar 23:59:59; window to 24 Jun.
      spec
        .given(approvedDraft)
        .when(send(at('2026-03-24T10:00')))
        .then([
          sent({
            sentAt: '2026-03-24T05:00:00.000Z',
            onTime: false,
            complaintWindowEndsAt: '2026-06-24T18:59:59.000Z',
          }),
        ]);
    });

    it('measures on-time against an extended deadline', () => {
      spec
        .given([...appealInProgress, extendedToApril15, drafted(), approved()])
        .when(send(at('2026-04-14T10:00')))
        .thenMatches(([answer]) => expect(answer?.data).toMatchObject({ onTime: true }));
    });
  });

  describe('when answered', () => {
    it('does nothing when the same answer is sent again', () => {
      spec
        .given(answeredAppeal)
        .when(send(at('2026-03-20T15:05')))
        .thenNothingHappens();
    });

    it('refuses to send another approved draft', () => {
      spec
        .given([
          ...appealInProgress,
          drafted(),
          drafted({ draftId: OTHER_DRAFT_ID }),
          approved(),
          approved(OTHER_DRAFT_ID),
          sent(),
        ])
        .when(send(at('2026-03-20T16:00'), OTHER_DRAFT_ID))
        .thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec
        .given([...approvedDraft, withdrawn])
        .when(send(at('2026-03-20T15:00')))
        .thenThrows(E.CLOSED);
    });
  });
});
