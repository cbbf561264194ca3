import { AppealErrorCodes as E } from './errors';
import {
  AGENCY,
  APPEAL_ID,
  CHILD_APPEAL_ID,
  DEADLINE,
  DRAFT_ID,
  OTHER_AGENCY,
  answeredAppeal,
  appealInProgress,
  at,
  command,
  decider,
  errorOf,
  neededTriage,
  registered,
  submitted,
  executorsAssigned,
  forwardedPart,
  forwardedWholeOn4Mar as forwardedWhole,
  forwardedWhole as forwardedWholeEvent,
  hearingWaived,
  registeredAppeal,
  routed,
  routedAppeal,
  router,
  spec,
  terminatedAppeal,
  triagedAppeal,
  withdrawnAppeal,
} from './testAppeal';
import type { EventData } from '@appeals/contracts';
import type { AppealState } from './appeal.state';
import type { AppealEvent } from './types';

const evolveAll = (events: AppealEvent[]): AppealState => events.reduce(decider.evolve, decider.initialState);

const route = (agencyId = AGENCY) =>
  command('RouteAppeal', { agencyId, by: 'rules', ruleId: 'roads-almaty' }, at('2026-03-02T10:05'), router);
const triage = () =>
  command('MarkNeedsTriage', { reason: 'No rule matched the category' }, at('2026-03-02T10:05'), router);
const forwardWhole = (now: Date, toAgencyId = OTHER_AGENCY) =>
  command('ForwardAppeal', { toAgencyId, scope: 'whole', reason: 'Outside our competence' }, now);
const forwardPart = (childAppealId: string | undefined, toAgencyId = OTHER_AGENCY) =>
  command(
    'ForwardAppeal',
    {
      toAgencyId,
      scope: 'part',
      partDescription: 'The question about air quality',
      childAppealId,
      reason: 'Ecology is theirs',
    },
    at('2026-03-03T11:00'),
  );

/** A whole forward on Mon 20 Apr 10:00, long after the first body's window (Thu 5 Mar) closed. */
const forwardedWholeOn20Apr = forwardedWholeEvent();

describe('RouteAppeal', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec.given([]).when(route()).thenThrows(E.NOT_FOUND);
    });
  });

  describe('when registered', () => {
    it('routes it to the agency', () => {
      spec.given(registeredAppeal).when(route()).then([routed()]);
    });

    it('keeps a staff note and leaves out a missing rule id', () => {
      spec
        .given(registeredAppeal)
        .when(
          command('RouteAppeal', { agencyId: AGENCY, by: 'staff', note: 'By hand' }, at('2026-03-02T11:00')),
        )
        .then([
          {
            type: 'AppealRouted',
            data: { appealId: APPEAL_ID, agencyId: AGENCY, by: 'staff', note: 'By hand' },
          },
        ]);
    });
  });

  describe('when it is an anonymous report of a crime or threat', () => {
    const crimeReport = [
      submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true }),
      registered(),
    ];
    const toPolice = command(
      'RouteAppeal',
      { agencyId: 'police', by: 'rules', ruleId: 'anonymous-crime-report', lawEnforcement: true },
      at('2026-03-02T10:05'),
      router,
    );

    it('routes it to law enforcement, and the event says so', () => {
      spec
        .given(crimeReport)
        .when(toPolice)
        .then([routed('police', { ruleId: 'anonymous-crime-report', lawEnforcement: true })]);
    });

    it('refuses any other body, whoever filed it: it must go to law enforcement at once', () => {
      const error = errorOf(() => decider.decide(route(), evolveAll(crimeReport)));
      expect(error).toMatchObject({ code: E.ANONYMOUS_CRIME_MUST_BE_FORWARDED, field: 'agencyId' });
    });

    it('refuses another body from triage as well', () => {
      spec
        .given([...crimeReport, neededTriage])
        .when(route())
        .thenThrows(E.ANONYMOUS_CRIME_MUST_BE_FORWARDED);
    });
  });

  describe('when waiting for triage', () => {
    it('routes it to the agency chosen by staff', () => {
      spec.given(triagedAppeal).when(route()).then([routed()]);
    });
  });

  describe('when routed', () => {
    it('does nothing when routed again to the same agency', () => {
      spec.given(routedAppeal).when(route()).thenNothingHappens();
    });

    it('refuses another agency: a routed appeal is forwarded, not re-routed', () => {
      spec.given(routedAppeal).when(route(OTHER_AGENCY)).thenThrows(E.ALREADY_ROUTED);
    });
  });

  describe('when closed', () => {
    // routing to the same agency again is a repeat: appeal.decider.repeated.unit.test.ts
    it('refuses routing a withdrawn appeal elsewhere', () => {
      spec.given(withdrawnAppeal).when(route(OTHER_AGENCY)).thenThrows(E.CLOSED);
    });

    it('refuses routing a terminated appeal elsewhere', () => {
      spec.given(terminatedAppeal).when(route(OTHER_AGENCY)).thenThrows(E.CLOSED);
    });
  });
});

describe('MarkNeedsTriage', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec.given([]).when(triage()).thenThrows(E.NOT_FOUND);
    });
  });

  describe('when registered', () => {
    it('sends it to triage', () => {
      spec
        .given(registeredAppeal)
        .when(triage())
        .then([
          {
            type: 'AppealNeedsTriage',
            data: { appealId: APPEAL_ID, reason: 'No rule matched the category' },
          },
        ]);
    });
  });

  describe('when waiting for triage', () => {
    it('does nothing', () => {
      spec.given(triagedAppeal).when(triage()).thenNothingHappens();
    });
  });

  describe('when routed', () => {
    it('refuses: the agency already has it', () => {
      spec.given(routedAppeal).when(triage()).thenThrows(E.INVALID_TRANSITION);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec.given(withdrawnAppeal).when(triage()).thenThrows(E.CLOSED);
    });
  });
});

describe('ForwardAppeal', () => {
  describe('when registered or waiting for triage', () => {
    it('refuses: only the agency it was routed to can forward it', () => {
      spec
        .given(registeredAppeal)
        .when(forwardWhole(at('2026-03-03T11:00')))
        .thenThrows(E.NOT_ROUTED);
      spec.given(triagedAppeal).when(forwardPart(CHILD_APPEAL_ID)).thenThrows(E.NOT_ROUTED);
    });
  });

  describe('when routed', () => {
    it('forwards the whole appeal within the window, notifies the applicant, and restarts the term at the receiving body', () => {
      // Forwarded Wed 4 Mar 11:00 ≤ Thu 5 Mar 23:59:59 (forwardBy). The receiving body registers it Wed 4 Mar;
      // 15 working days later: Thu 5, Fri 6 (2), 9–13 (7), 16–20 (12), 23, 24, 25 → Wed 25 Mar.
      spec
        .given(routedAppeal)
        .when(forwardWhole(at('2026-03-04T11:00')))
        .then([forwardedWhole]);
    });

    it('marks a whole forward to a law-enforcement body, which a termination of an anonymous crime report needs', () => {
      const toPolice = command(
        'ForwardAppeal',
        { toAgencyId: 'police', scope: 'whole', reason: 'A report of a crime', lawEnforcement: true },
        at('2026-03-04T11:00'),
      );
      const forwarded = {
        ...(forwardedWhole.data as EventData<'AppealForwarded'>),
        toAgencyId: 'police',
        reason: 'A report of a crime',
      };
      spec
        .given(routedAppeal)
        .when(toPolice)
        .then([{ type: 'AppealForwarded', data: { ...forwarded, lawEnforcement: true } }]);
      // an anonymous crime report a body held (routed before the rule existed) may end once the police has it
      const crimeReport = [
        submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true }),
        registered(),
        routed(),
      ];
      spec
        .given([...crimeReport, { type: 'AppealForwarded', data: { ...forwarded, lawEnforcement: true } }])
        .when(command('TerminateAppeal', { ground: 'returned' }, at('2026-03-05T11:00')))
        .then([
          {
            type: 'AppealTerminated',
            data: { appealId: APPEAL_ID, ground: 'returned', terminatedAt: '2026-03-05T06:00:00.000Z' },
          },
        ]);
    });

    it('forwards on the last evening of the window, and the receiving body registers it the next working day', () => {
      // Thu 5 Mar 20:00 is still ≤ Thu 5 Mar 23:59:59, but after 18:30: registered Fri 6 Mar;
      // 15 working days after Fri 6 Mar: 9–13 (5), 16–20 (10), 23–27 (15) → Fri 27 Mar.
      spec
        .given(routedAppeal)
        .when(forwardWhole(at('2026-03-05T20:00')))
        .thenMatches(([forwarded]) =>
          expect(forwarded?.data).toMatchObject({
            withinWindow: true,
            forwardedAt: '2026-03-05T15:00:00.000Z',
            applicantNotifiedAt: '2026-03-05T15:00:00.000Z',
            newDeadline: {
              dueOn: '2026-03-27',
              dueAt: '2026-03-27T18:59:59.000Z',
              termDays: 15,
              regime: 'working',
            },
          }),
        );
    });

    it('gives the receiving body its own forwarding window, 3 working days from its receipt', () => {
      // Forwarded Mon 20 Apr 10:00 (late for the first body): the receiving body registers it that day,
      // due 15 working days later on Mon 11 May, and may forward it on until Thu 23 Apr (APPK Art. 65, 76).
      spec
        .given(routedAppeal)
        .when(forwardWhole(at('2026-04-20T10:00')))
        .then([forwardedWholeOn20Apr]);
    });

    it('forwards late, flagging it outside the window', () => {
      // Fri 6 Mar 11:00 > Thu 5 Mar 23:59:59. Registered by the receiver Fri 6 Mar → due Fri 27 Mar.
      spec
        .given(routedAppeal)
        .when(forwardWhole(at('2026-03-06T11:00')))
        .thenMatches(([forwarded]) =>
          expect(forwarded?.data).toMatchObject({
            withinWindow: false,
            applicantNotifiedAt: '2026-03-06T06:00:00.000Z',
            newDeadline: { dueOn: '2026-03-27' },
          }),
        );
    });

    it('forwards a part as a linked child appeal, keeping its own term', () => {
      spec.given(routedAppeal).when(forwardPart(CHILD_APPEAL_ID)).then([forwardedPart]);
    });

    it('refuses to forward a part without the child appeal it creates', () => {
      spec.given(routedAppeal).when(forwardPart(undefined)).thenThrows(E.PART_NEEDS_CHILD);
    });

    it('refuses to forward to the agency that already has it', () => {
      spec
        .given(routedAppeal)
        .when(forwardWhole(at('2026-03-03T11:00'), AGENCY))
        .thenThrows(E.FORWARD_TO_SAME_AGENCY);
      spec
        .given(routedAppeal)
        .when(forwardPart(CHILD_APPEAL_ID, AGENCY))
        .thenThrows(E.FORWARD_TO_SAME_AGENCY);
    });
  });

  describe('when in progress', () => {
    it('forwards the whole appeal too', () => {
      spec
        .given(appealInProgress)
        .when(forwardWhole(at('2026-03-04T11:00')))
        .then([forwardedWhole]);
    });
  });

  describe('when forwarded whole', () => {
    it('does nothing on a redelivered forward', () => {
      spec
        .given([...routedAppeal, forwardedWhole])
        .when(forwardWhole(at('2026-03-04T11:05')))
        .thenNothingHappens();
    });

    it('lets the receiving body forward it on within its own window, counted from its receipt', () => {
      // The first body's window closed Thu 5 Mar; the receiving body's runs to Thu 23 Apr.
      spec
        .given([...routedAppeal, forwardedWholeOn20Apr])
        .when(forwardWhole(at('2026-04-21T10:00'), AGENCY))
        .thenMatches(([forwarded]) =>
          expect(forwarded?.data).toMatchObject({
            fromAgencyId: OTHER_AGENCY,
            withinWindow: true,
            receivedOn: '2026-04-21',
            forwardBy: '2026-04-24T18:59:59.000Z',
          }),
        );
      spec
        .given([...routedAppeal, forwardedWholeOn20Apr])
        .when(forwardWhole(at('2026-04-24T10:00'), AGENCY))
        .thenMatches(([forwarded]) => expect(forwarded?.data).toMatchObject({ withinWindow: false }));
    });

    it('sits with the receiving body, with its term and no executors yet', () => {
      spec
        .given([...appealInProgress, forwardedWhole])
        .when(route(OTHER_AGENCY))
        .thenNothingHappens();
      spec
        .given([...appealInProgress, forwardedWhole])
        .when(command('MarkDeemedRefused', {}, at('2026-03-24T10:00'), router))
        .thenThrows(E.DEADLINE_NOT_PASSED); // the new term runs to Wed 25 Mar
      spec
        .given([...appealInProgress, forwardedWhole])
        .when(
          command(
            'DraftAnswer',
            {
              draftId: DRAFT_ID,
              text: 'Ответ',
              decisionKind: 'give_answer',
              answerCharacter: 'explained',
              language: 'ru',
            },
            at('2026-03-10T10:00'),
          ),
        )
        .thenThrows(E.NO_EXECUTOR);
    });

    it('does not let the receiving body rely on a hearing recorded by the previous one', () => {
      // The receiving body runs its own procedure (APPK Art. 65, 73): before refusing, it records its own hearing.
      spec
        .given([
          ...appealInProgress,
          hearingWaived,
          forwardedWhole,
          executorsAssigned(['executor-9'], 'executor-9'),
        ])
        .when(
          command(
            'DraftAnswer',
            {
              draftId: DRAFT_ID,
              text: 'Отказ',
              decisionKind: 'give_answer',
              answerCharacter: 'refused',
              language: 'ru',
            },
            at('2026-03-10T10:00'),
          ),
        )
        .thenThrows(E.HEARING_NOT_RECORDED);
    });

    it('does not carry the previous body’s extension over to the new term', () => {
      // Extended to Wed 25 Mar by the first body, then forwarded with a new term also ending Wed 25 Mar:
      // "extend to 25 Mar" at the receiving body is not a repeat of that decision, it is simply not later.
      const extendedTo25: AppealEvent = {
        type: 'DeadlineExtended',
        data: {
          appealId: APPEAL_ID,
          previousDeadline: DEADLINE,
          newDeadline: {
            dueOn: '2026-03-25',
            dueAt: '2026-03-25T18:59:59.000Z',
            termDays: 23,
            regime: 'calendar',
          },
          reason: 'An on-site inspection is needed',
          approvedBy: 'head-1',
          applicantNotifiedAt: '2026-03-03T05:00:00.000Z',
        },
      };
      spec
        .given([...appealInProgress, extendedTo25, forwardedWhole])
        .when(
          command(
            'ExtendDeadline',
            { newDueOn: '2026-03-25', reason: 'An on-site inspection is needed' },
            at('2026-03-05T10:00'),
          ),
        )
        .thenThrows(E.EXTENSION_NOT_LATER);
    });
  });

  describe('when a part was forwarded', () => {
    it('does nothing on a redelivered forward of the same part', () => {
      spec
        .given([...routedAppeal, forwardedPart])
        .when(forwardPart(CHILD_APPEAL_ID))
        .thenNothingHappens();
    });

    it('keeps the appeal with the original agency and its original term', () => {
      spec
        .given([...routedAppeal, forwardedPart])
        .when(route())
        .thenNothingHappens();
      spec
        .given([...routedAppeal, forwardedPart])
        .when(command('MarkDeemedRefused', {}, at('2026-03-24T00:00'), router))
        .thenMatches(([refused]) => expect(refused?.data).toMatchObject({ deadline: DEADLINE }));
    });
  });

  describe('when answered', () => {
    it('refuses', () => {
      spec
        .given(answeredAppeal)
        .when(forwardWhole(at('2026-03-21T10:00')))
        .thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when closed', () => {
    it('refuses', () => {
      spec
        .given(terminatedAppeal)
        .when(forwardWhole(at('2026-03-11T10:00')))
        .thenThrows(E.CLOSED);
    });
  });
});
