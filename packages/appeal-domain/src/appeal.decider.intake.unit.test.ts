import { fold } from '@appeals/decider';
import { AppealErrorCodes as E } from './errors';
import { completeSubmission, evolve } from './appeal.decider';
import {
  AGENCY,
  APPEAL_ID,
  DEADLINE,
  FORWARD_BY,
  answeredAppeal,
  appealInProgress,
  applicant,
  at,
  command,
  decider,
  errorOf,
  individualApplicant,
  registeredAppeal,
  registrar,
  routed,
  SERIAL,
  sealedText,
  spec,
  submitted,
  terminatedAppeal,
  withdrawnAppeal,
} from './testAppeal';
import { TEST_PROFILE } from './testRules';
import type { NewAppealCommand, SubmitAppeal } from './types';

const PARENT_ID = '11111111-2222-4333-8444-555555555555';
const submitData: SubmitAppeal['data'] = {
  appealId: APPEAL_ID,
  profileId: TEST_PROFILE,
  numbering: { type: 'dated', serial: SERIAL },
  trackingCodeHash: 'sha256:tracking',
  kind: 'application',
  categoryId: 'roads',
  regionKato: '750000000',
  language: 'ru',
  subject: 'Ямы на улице Абая',
  text: sealedText,
  applicant: individualApplicant,
  channel: 'portal',
};
const submit = (now: Date, data: Partial<SubmitAppeal['data']> = {}, actor = applicant) =>
  command('SubmitAppeal', { ...submitData, ...data }, now, actor);

describe('SubmitAppeal', () => {
  describe('when the appeal does not exist yet', () => {
    it('submits and registers it the same working day, with the term and the forwarding window', () => {
      spec
        .given([])
        .when(submit(at('2026-03-02T10:00')))
        .then([
          submitted(),
          {
            type: 'AppealRegistered',
            data: {
              appealId: APPEAL_ID,
              registrationNumber: '20260302-X7K2QP', // dated with the registration day
              registeredAt: '2026-03-02T05:00:00.000Z',
              registeredOn: '2026-03-02',
              deferred: false,
              deadline: DEADLINE, // Mon 23 Mar: the 15th working day after Mon 2 Mar
              forwardBy: FORWARD_BY, // Thu 5 Mar 23:59:59 local: the 3rd working day after Mon 2 Mar
            },
          },
        ]);
    });

    it('registers an appeal received after 18:30 on the next working day', () => {
      // Mon 2 Mar 19:00 → registered Tue 3 Mar 09:00; 15 working days from Tue 3 Mar end on Tue 24 Mar;
      // forwarding by the 3rd working day after Tue 3 Mar: Fri 6 Mar.
      spec
        .given([])
        .when(submit(at('2026-03-02T19:00')))
        .thenMatches(([, reg]) =>
          expect(reg?.data).toMatchObject({
            registrationNumber: '20260303-X7K2QP', // dated with the day it is registered, not received
            registeredOn: '2026-03-03',
            registeredAt: '2026-03-03T04:00:00.000Z',
            deferred: true,
            deadline: {
              dueOn: '2026-03-24',
              dueAt: '2026-03-24T18:59:59.000Z',
              termDays: 15,
              regime: 'working',
            },
            forwardBy: '2026-03-06T18:59:59.000Z',
          }),
        );
    });

    it('registers an appeal received on a Saturday on Monday morning', () => {
      // Sat 28 Feb 12:00 → Mon 2 Mar 09:00, so the same term as an appeal received on Monday.
      spec
        .given([])
        .when(submit(at('2026-02-28T12:00')))
        .thenMatches(([sub, reg]) => {
          expect(sub?.data).toMatchObject({ receivedAt: '2026-02-28T07:00:00.000Z' });
          expect(reg?.data).toMatchObject({
            registeredOn: '2026-03-02',
            registeredAt: '2026-03-02T04:00:00.000Z',
            deferred: true,
            deadline: DEADLINE,
            forwardBy: FORWARD_BY,
          });
        });
    });

    it('counts an information request in calendar days', () => {
      // Mon 2 Mar + 15 calendar days = Tue 17 Mar (a working day, so it stays).
      spec
        .given([])
        .when(submit(at('2026-03-02T10:00'), { kind: 'information_request' }))
        .thenMatches(([, reg]) =>
          expect(reg?.data).toMatchObject({
            deadline: {
              dueOn: '2026-03-17',
              dueAt: '2026-03-17T18:59:59.000Z',
              termDays: 15,
              regime: 'calendar',
            },
          }),
        );
    });

    it('registers a paper appeal on the day the registrar received it, and records the registrar', () => {
      // Received on paper Fri 27 Feb 11:00, entered Mon 2 Mar 10:00. The term runs from Fri 27 Feb:
      // Mon 2 … Fri 6 (5), 9–13 (10), 16–20 (15) → Fri 20 Mar. Forwarding: Mon 2, Tue 3, Wed 4 → Wed 4 Mar.
      spec
        .given([])
        .when(
          submit(at('2026-03-02T10:00'), { channel: 'paper', receivedAt: at('2026-02-27T11:00') }, registrar),
        )
        .then([
          submitted({ channel: 'paper', receivedAt: '2026-02-27T06:00:00.000Z', submittedBy: registrar }),
          {
            type: 'AppealRegistered',
            data: {
              appealId: APPEAL_ID,
              registrationNumber: '20260227-X7K2QP', // the day of receipt, not the day of entry
              registeredAt: '2026-02-27T06:00:00.000Z',
              registeredOn: '2026-02-27',
              deferred: false,
              deadline: {
                dueOn: '2026-03-20',
                dueAt: '2026-03-20T18:59:59.000Z',
                termDays: 15,
                regime: 'working',
              },
              forwardBy: '2026-03-04T18:59:59.000Z',
              registeredBy: registrar,
            },
          },
        ]);
    });

    it('keeps the origin and the crime-or-threat flag of an anonymous report', () => {
      spec
        .given([])
        .when(
          submit(at('2026-03-02T10:00'), {
            applicant: { type: 'anonymous' },
            isAboutCrimeOrThreat: true,
            addressedAgencyId: AGENCY,
            origin: {
              type: 'complaint',
              complainedAppealId: '11111111-2222-4333-8444-555555555555',
              againstAgencyId: 'akimat-x',
            },
          }),
        )
        .thenMatches(([sub]) =>
          expect(sub?.data).toMatchObject({
            applicant: { type: 'anonymous' },
            isAboutCrimeOrThreat: true,
            addressedAgencyId: AGENCY,
            origin: {
              type: 'complaint',
              complainedAppealId: '11111111-2222-4333-8444-555555555555',
              againstAgencyId: 'akimat-x',
            },
          }),
        );
    });

    it('numbers a linked appeal after its parent: the parent’s number and the suffix, whatever the day', () => {
      // A forwarded part registered after the cut-off still carries its parent's number.
      spec
        .given([])
        .when(
          submit(at('2026-03-02T19:00'), {
            numbering: { type: 'linked', parentNumber: '20260227-X7K2QP', suffix: '/1' },
            origin: { type: 'forwarded_part', parentAppealId: PARENT_ID, fromAgencyId: AGENCY },
          }),
        )
        .thenMatches(([, reg]) =>
          expect(reg?.data).toMatchObject({
            registrationNumber: '20260227-X7K2QP/1',
            registeredOn: '2026-03-03',
          }),
        );
    });

    it('refuses a receipt moment in the future', () => {
      const cmd = submit(
        at('2026-03-02T10:00'),
        { channel: 'paper', receivedAt: at('2026-03-02T10:01') },
        registrar,
      );
      spec.given([]).when(cmd).thenThrows(E.RECEIVED_IN_FUTURE);
      expect(errorOf(() => decider.decide(cmd, decider.initialState))).toMatchObject({ field: 'receivedAt' });
    });
  });

  describe('accepted before its personal data is sealed', () => {
    // the application layer seals only what the decider accepted: acceptSubmission reads no personal data
    const { text: _text, applicant: _applicant, ...newAppeal } = submitData;
    const accept = (now: Date, data: Partial<NewAppealCommand['data']> = {}, actor = applicant) =>
      decider.acceptSubmission({ type: 'SubmitAppeal', now, actor, data: { ...newAppeal, ...data } });

    it('completes with the sealed parts to exactly what decide appends, and to the appeal they make', () => {
      const now = at('2026-03-02T10:00');
      const { events, appeal } = completeSubmission(accept(now), {
        text: sealedText,
        applicant: individualApplicant,
      });
      expect(events).toEqual(decider.decide(submit(now), decider.initialState));
      expect(appeal).toEqual(fold(decider, events));
      expect(appeal).toMatchObject({
        status: 'registered',
        registrationNumber: '20260302-X7K2QP',
        registeredAt: '2026-03-02T05:00:00.000Z',
        deadline: DEADLINE,
        subjectId: sealedText.subjectId,
      });
    });

    it('refuses a receipt moment in the future, so nothing is sealed for it', () => {
      const refusal = errorOf(() =>
        accept(at('2026-03-02T10:00'), { channel: 'paper', receivedAt: at('2026-03-02T10:01') }, registrar),
      );
      expect(refusal).toMatchObject({ code: E.RECEIVED_IN_FUTURE, field: 'receivedAt' });
    });
  });

  describe('when already submitted', () => {
    it('does nothing on a redelivered submission', () => {
      spec
        .given(registeredAppeal)
        .when(submit(at('2026-03-02T10:00')))
        .thenNothingHappens();
    });

    it('does nothing even once the appeal is answered', () => {
      spec
        .given(answeredAppeal)
        .when(submit(at('2026-03-25T10:00')))
        .thenNothingHappens();
    });
  });
});

describe('isTerminal', () => {
  it('is true once the appeal is withdrawn', () => {
    expect(decider.isTerminal(fold(decider, withdrawnAppeal))).toBe(true);
  });

  it('is true once the appeal is terminated', () => {
    expect(decider.isTerminal(fold(decider, terminatedAppeal))).toBe(true);
  });

  it('is false for an appeal that does not exist, is in progress, or is answered', () => {
    expect(decider.isTerminal(decider.initialState)).toBe(false);
    expect(decider.isTerminal(fold(decider, appealInProgress))).toBe(false);
    expect(decider.isTerminal(fold(decider, answeredAppeal))).toBe(false);
  });
});

describe('evolve', () => {
  it('ignores events for an appeal it has not seen submitted (tolerant replay)', () => {
    const none = decider.initialState;
    expect(evolve(none, routed())).toBe(none);
  });

  it('folds the standard story into an in-progress appeal with its deadline', () => {
    expect(fold(decider, appealInProgress)).toMatchObject({
      status: 'in_progress',
      appealId: APPEAL_ID,
      registeredOn: '2026-03-02',
      deadline: DEADLINE,
      forwardBy: FORWARD_BY,
      agencyId: AGENCY,
      executorIds: ['executor-1'],
      leadExecutorId: 'executor-1',
    });
  });
});
