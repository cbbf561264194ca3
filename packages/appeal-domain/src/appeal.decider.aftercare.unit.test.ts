import { AppealErrorCodes as E } from './errors';
import {
  AGENCY,
  APPEAL_ID,
  COMPLAINT_APPEAL_ID,
  DEADLINE,
  DRAFT_ID,
  HIGHER_AGENCY,
  answeredAppeal,
  appealInProgress,
  applicant,
  approved,
  at,
  command,
  ANSWER_WINDOW_END,
  complaintFiled,
  complaintReason,
  decider,
  deemedRefused,
  errorOf,
  drafted,
  head,
  rated,
  registeredAppeal,
  sealedFixture,
  reopened,
  sent,
  spec,
  sweeper,
  terminatedAppeal,
  withdrawnAppeal,
} from './testAppeal';
import type { AppealState } from './appeal.state';
import type { AppealEvent, FileComplaint, Remark } from './types';

const rate = (score: number, comment?: Remark) =>
  command('RateAnswer', { score, comment }, at('2026-03-21T10:00'), applicant);
const reopen = (now = at('2026-03-23T10:00')) =>
  command('ReopenAppeal', { reason: 'The road is still broken' }, now, applicant);
type Complaint = FileComplaint['data'];
const complaintData = (over: Partial<Complaint> = {}): Complaint => ({
  complaintAppealId: COMPLAINT_APPEAL_ID,
  higherAgencyId: HIGHER_AGENCY,
  againstAgencyId: AGENCY,
  kind: 'complaint',
  reason: complaintReason,
  ...over,
});
const complain = (now: Date, over: Partial<Complaint> = {}) =>
  command('FileComplaint', complaintData(over), now, applicant);
const stateOf = (events: AppealEvent[]): AppealState => events.reduce(decider.evolve, decider.initialState);
const markDeemedRefused = (now: Date) => command('MarkDeemedRefused', {}, now, sweeper);

/** Filed after the window: registered all the same, with the facts the reviewer decides on. */
const lateComplaintFiled = (filedAt: string, windowEndsAt = ANSWER_WINDOW_END) =>
  complaintFiled(filedAt, { windowEndsAt, late: { windowEndsAt, filedAt } });
const unhappyAppeal = [...answeredAppeal, rated(2)];

describe('RateAnswer', () => {
  describe('when in progress', () => {
    it('refuses: there is no answer to rate yet', () => {
      spec.given(appealInProgress).when(rate(5)).thenThrows(E.NOT_ANSWERED);
    });
  });

  describe('when answered', () => {
    it('records the rating', () => {
      spec
        .given(answeredAppeal)
        .when(rate(4, 'Quick and clear'))
        .then([rated(4, 'Quick and clear')]);
    });
  });

  describe('when rated', () => {
    it('does nothing for the same rating again', () => {
      spec
        .given([...answeredAppeal, rated(4, 'Quick and clear')])
        .when(rate(4, 'Quick and clear'))
        .thenNothingHappens();
      spec
        .given([...answeredAppeal, rated(2)])
        .when(rate(2))
        .thenNothingHappens();
    });

    it('records a different rating', () => {
      spec
        .given([...answeredAppeal, rated(4)])
        .when(rate(1))
        .then([rated(1)]);
    });

    it('records a changed comment', () => {
      spec
        .given([...answeredAppeal, rated(4)])
        .when(rate(4, 'On reflection, fine'))
        .then([rated(4, 'On reflection, fine')]);
    });

    it('does nothing for the same sealed comment again, and records a comment sealed anew', () => {
      const onFile = sealedFixture('Y29tbWVudA==');
      const ratedSealed: AppealEvent = {
        type: 'AnswerRated',
        data: { appealId: APPEAL_ID, score: 4, comment: onFile },
      };
      spec
        .given([...answeredAppeal, ratedSealed])
        .when(rate(4, { ...onFile }))
        .thenNothingHappens();
      const anew = { ...onFile, iv: 'CwoJCAcGBQQDAgEA' };
      spec
        .given([...answeredAppeal, ratedSealed])
        .when(rate(4, anew))
        .then([{ type: 'AnswerRated', data: { appealId: APPEAL_ID, score: 4, comment: anew } }]);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec.given(withdrawnAppeal).when(rate(1)).thenThrows(E.CLOSED);
    });
  });
});

describe('ReopenAppeal', () => {
  describe('when in progress', () => {
    it('refuses: there is no answer to send back', () => {
      spec.given(appealInProgress).when(reopen()).thenThrows(E.NOT_ANSWERED);
    });
  });

  describe('when answered but not rated', () => {
    it('refuses: only an unhappy rating sends it back', () => {
      spec.given(answeredAppeal).when(reopen()).thenThrows(E.NOT_UNHAPPY);
    });
  });

  describe('when rated 3 or better', () => {
    it('refuses', () => {
      spec
        .given([...answeredAppeal, rated(4)])
        .when(reopen())
        .thenThrows(E.NOT_UNHAPPY);
      spec
        .given([...answeredAppeal, rated(3)])
        .when(reopen())
        .thenThrows(E.NOT_UNHAPPY);
    });
  });

  describe('when rated 1 or 2', () => {
    it('reopens with a new term from the day it is sent back', () => {
      spec.given(unhappyAppeal).when(reopen()).then([reopened]);
      spec
        .given([...answeredAppeal, rated(1)])
        .when(reopen())
        .then([reopened]);
    });

    it('refuses once the complaint window of the answer has closed', () => {
      // Answer sent Fri 20 Mar; the window ended Mon 22 Jun 23:59:59 local (20 Jun was a Saturday).
      spec
        .given(unhappyAppeal)
        .when(reopen(at('2026-06-23T10:00')))
        .thenThrows(E.COMPLAINT_WINDOW_CLOSED);
    });
  });

  describe('when reopened', () => {
    const reopenedAppeal = [...unhappyAppeal, reopened];

    it('takes a new draft, approval and answer, measured against the new term', () => {
      const redraft = command(
        'DraftAnswer',
        {
          draftId: DRAFT_ID,
          text: 'Ремонт выполнен 9 апреля.',
          decisionKind: 'give_answer',
          answerCharacter: 'satisfied',
          language: 'ru',
        },
        at('2026-04-09T10:00'),
      );
      spec
        .given(reopenedAppeal)
        .when(redraft)
        .then([drafted({ text: 'Ремонт выполнен 9 апреля.', answerCharacter: 'satisfied' })]);

      const redrafted = [...reopenedAppeal, drafted({ answerCharacter: 'satisfied' })];
      spec
        .given(redrafted)
        .when(command('ApproveAnswer', { draftId: DRAFT_ID }, at('2026-04-09T12:00'), head))
        .then([approved()]);
      // Fri 10 Apr 10:00 ≤ Mon 13 Apr 23:59:59; window to 10 Jul.
      spec
        .given([...redrafted, approved()])
        .when(command('SendAnswer', { draftId: DRAFT_ID }, at('2026-04-10T10:00')))
        .then([
          sent({
            sentAt: '2026-04-10T05:00:00.000Z',
            onTime: true,
            complaintWindowEndsAt: '2026-07-10T18:59:59.000Z',
          }),
        ]);
    });

    it('runs the procedure again: the two-month limit of an extension counts from the reopening', () => {
      // Reopened Mon 23 Mar: the limit is Sat 23 May (not Sat 2 May, two months from the first registration).
      spec
        .given(reopenedAppeal)
        .when(
          command(
            'ExtendDeadline',
            { newDueOn: '2026-05-22', reason: 'An on-site inspection is needed' },
            at('2026-04-01T10:00'),
            head,
          ),
        )
        .thenMatches(([extended]) =>
          expect(extended?.data).toMatchObject({ newDeadline: { dueOn: '2026-05-22', termDays: 60 } }),
        );
    });

    it('cannot be rated until answered again', () => {
      spec.given(reopenedAppeal).when(rate(5)).thenThrows(E.NOT_ANSWERED);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec.given(terminatedAppeal).when(reopen()).thenThrows(E.CLOSED);
    });
  });
});

describe('FileComplaint', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec
        .given([])
        .when(complain(at('2026-03-25T10:00')))
        .thenThrows(E.NOT_FOUND);
    });
  });

  describe('when in progress and not past the deadline', () => {
    it('refuses: there is no answer, termination or silence to complain about', () => {
      spec
        .given(appealInProgress)
        .when(complain(at('2026-03-10T10:00')))
        .thenThrows(E.NOT_COMPLAINABLE);
      spec
        .given(registeredAppeal)
        .when(complain(at('2026-03-10T10:00')))
        .thenThrows(E.NOT_COMPLAINABLE);
    });
  });

  describe('when answered', () => {
    it('files the complaint within three months of the answer, through the body complained about', () => {
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-04-01T10:00')))
        .then([complaintFiled('2026-04-01T05:00:00.000Z')]);
    });

    it('files it on time on the Monday a window ending on Saturday moves to', () => {
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-06-22T23:00')))
        .then([complaintFiled('2026-06-22T18:00:00.000Z')]);
    });

    it('registers a complaint after the window all the same, marked late with the window end and the filing time', () => {
      // APPK Art. 64: acceptance is never refused; the reviewer leaves it without consideration or restores the term
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-06-23T00:00')))
        .then([lateComplaintFiled('2026-06-22T19:00:00.000Z')]);
    });
  });

  describe('the kind of complaint', () => {
    it('is the one the applicant chose among the profile’s complaint kinds (its term follows it)', () => {
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-04-01T10:00'), { kind: 'public_service_complaint' }))
        .then([complaintFiled('2026-04-01T05:00:00.000Z', { kind: 'public_service_complaint' })]);
    });

    it('refuses a kind that is not a complaint, naming the field', () => {
      const error = errorOf(() =>
        decider.decide(complain(at('2026-04-01T10:00'), { kind: 'application' }), stateOf(answeredAppeal)),
      );
      expect(error).toMatchObject({ code: E.NOT_A_COMPLAINT_KIND, field: 'kind' });
    });
  });

  describe('the body that reviews it', () => {
    it('refuses when no body reviews complaints about the body complained about', () => {
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-04-01T10:00'), { higherAgencyId: undefined }))
        .thenThrows(E.NO_COMPLAINT_REVIEWER);
    });

    it('refuses the body complained about as its own reviewer', () => {
      spec
        .given(answeredAppeal)
        .when(complain(at('2026-04-01T10:00'), { higherAgencyId: AGENCY }))
        .thenThrows(E.NO_COMPLAINT_REVIEWER);
    });
  });

  describe('when deemed refused by silence', () => {
    it('files the complaint', () => {
      spec
        .given([...appealInProgress, deemedRefused])
        .when(complain(at('2026-04-01T10:00')))
        .then([complaintFiled('2026-04-01T05:00:00.000Z', { windowEndsAt: '2026-06-23T18:59:59.000Z' })]);
    });

    it('marks it late three months after the missed deadline', () => {
      // Deadline Mon 23 Mar → window to Tue 23 Jun 23:59:59 local.
      spec
        .given([...appealInProgress, deemedRefused])
        .when(complain(at('2026-06-24T10:00')))
        .then([lateComplaintFiled('2026-06-24T05:00:00.000Z', '2026-06-23T18:59:59.000Z')]);
    });
  });

  describe('when terminated', () => {
    it('files the complaint against the termination', () => {
      // Terminated Tue 10 Mar → window to Wed 10 Jun.
      spec
        .given(terminatedAppeal)
        .when(complain(at('2026-04-01T10:00')))
        .then([complaintFiled('2026-04-01T05:00:00.000Z', { windowEndsAt: '2026-06-10T18:59:59.000Z' })]);
    });

    it('marks it late after the window', () => {
      spec
        .given(terminatedAppeal)
        .when(complain(at('2026-06-11T10:00')))
        .then([lateComplaintFiled('2026-06-11T05:00:00.000Z', '2026-06-10T18:59:59.000Z')]);
    });
  });

  describe('when withdrawn', () => {
    it('refuses: the applicant dropped it', () => {
      spec
        .given(withdrawnAppeal)
        .when(complain(at('2026-04-01T10:00')))
        .thenThrows(E.NOT_COMPLAINABLE);
    });
  });

  describe('when a complaint was filed', () => {
    it('does nothing for the same complaint appeal, even after the window', () => {
      const withComplaint = [...answeredAppeal, complaintFiled('2026-04-01T05:00:00.000Z')];
      spec
        .given(withComplaint)
        .when(complain(at('2026-04-01T10:05')))
        .thenNothingHappens();
      spec
        .given(withComplaint)
        .when(complain(at('2026-07-01T10:00')))
        .thenNothingHappens();
    });
  });
});

describe('acceptComplaint: the decision before the reason is sealed', () => {
  const request = (now: Date, over: Partial<Complaint> = {}) => {
    const { reason: _sealedLater, ...data } = complaintData(over);
    return { type: 'FileComplaint' as const, now, actor: applicant, data };
  };

  it('refuses what FileComplaint refuses, so a refused complaint seals nothing', () => {
    expect(
      errorOf(() => decider.acceptComplaint(request(at('2026-03-10T10:00')), stateOf(appealInProgress))),
    ).toMatchObject({ code: E.NOT_COMPLAINABLE });
    expect(
      errorOf(() =>
        decider.acceptComplaint(
          request(at('2026-04-01T10:00'), { kind: 'media_request' }),
          stateOf(answeredAppeal),
        ),
      ),
    ).toMatchObject({ code: E.NOT_A_COMPLAINT_KIND, field: 'kind' });
  });

  it('says whether the complaint is late, with the facts the complaint appeal carries', () => {
    expect(decider.acceptComplaint(request(at('2026-04-01T10:00')), stateOf(answeredAppeal))).toEqual({
      higherAgencyId: HIGHER_AGENCY,
      windowEndsAt: ANSWER_WINDOW_END,
    });
    expect(decider.acceptComplaint(request(at('2026-06-23T10:00')), stateOf(answeredAppeal))).toEqual({
      higherAgencyId: HIGHER_AGENCY,
      windowEndsAt: ANSWER_WINDOW_END,
      late: { windowEndsAt: ANSWER_WINDOW_END, filedAt: '2026-06-23T05:00:00.000Z' },
    });
  });
});

describe('MarkDeemedRefused', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec
        .given([])
        .when(markDeemedRefused(at('2026-03-24T00:00')))
        .thenThrows(E.NOT_FOUND);
    });
  });

  describe('when open', () => {
    it('refuses before the deadline has passed', () => {
      // The term ends Mon 23 Mar 23:59:59 local.
      spec
        .given(appealInProgress)
        .when(markDeemedRefused(at('2026-03-23T23:59')))
        .thenThrows(E.DEADLINE_NOT_PASSED);
    });

    it('deems the silence a refusal once the deadline has passed', () => {
      spec
        .given(appealInProgress)
        .when(markDeemedRefused(at('2026-03-24T00:00')))
        .then([deemedRefused]);
    });

    it('also counts the silence of a body that never took the appeal up', () => {
      spec
        .given(registeredAppeal)
        .when(markDeemedRefused(at('2026-03-25T10:00')))
        .then([
          {
            type: 'AppealDeemedRefused',
            data: { appealId: APPEAL_ID, deadline: DEADLINE, detectedAt: '2026-03-25T05:00:00.000Z' },
          },
        ]);
    });
  });

  describe('when deemed refused', () => {
    it('does nothing', () => {
      spec
        .given([...appealInProgress, deemedRefused])
        .when(markDeemedRefused(at('2026-03-25T00:00')))
        .thenNothingHappens();
    });
  });

  describe('when answered', () => {
    it('does nothing, even if the answer was late', () => {
      spec
        .given(answeredAppeal)
        .when(markDeemedRefused(at('2026-03-24T00:00')))
        .thenNothingHappens();
    });
  });

  describe('when withdrawn or terminated before the sweep came by', () => {
    it('does nothing (the sweep raced the closing)', () => {
      spec
        .given(withdrawnAppeal)
        .when(markDeemedRefused(at('2026-03-25T00:00')))
        .thenNothingHappens();
      spec
        .given(terminatedAppeal)
        .when(markDeemedRefused(at('2026-03-25T00:00')))
        .thenNothingHappens();
    });
  });
});
