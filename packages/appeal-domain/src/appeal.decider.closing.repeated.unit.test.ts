import type { EventData } from '@appeals/contracts';
import { AppealErrorCodes as E } from './errors';
import {
  APPEAL_ID,
  appealInProgress,
  at,
  command,
  decider,
  errorOf,
  spec,
  triagedAppeal,
} from './testAppeal';
import type { AppealEvent, AppealStatus, LinkedAppealFact } from './types';

// Terminating as "repeated, no new arguments" (APPK): only with a link to the earlier appeal, which was answered.
// The decider cannot read that appeal's stream: the application layer reads it and passes its status in.

const EARLIER = '11111111-2222-4333-8444-555555555555';
const linked = (status: AppealStatus | 'none', appealId = EARLIER): LinkedAppealFact => ({
  appealId,
  status,
});
const terminateAsRepeated = (linkedAppeal?: LinkedAppealFact) =>
  command('TerminateAppeal', { ground: 'repeated_no_new_arguments', linkedAppeal }, at('2026-03-10T11:00'));
const terminatedAsRepeated: AppealEvent = {
  type: 'AppealTerminated',
  data: {
    appealId: APPEAL_ID,
    ground: 'repeated_no_new_arguments',
    linkedAppealId: EARLIER,
    terminatedAt: '2026-03-10T06:00:00.000Z',
  } satisfies EventData<'AppealTerminated'>,
};
const fold = (events: AppealEvent[]) => events.reduce(decider.evolve, decider.initialState);

describe('TerminateAppeal on the ground repeated_no_new_arguments', () => {
  describe('when the earlier appeal it names was answered', () => {
    it('terminates, recording the link to the earlier appeal', () => {
      spec
        .given(appealInProgress)
        .when(terminateAsRepeated(linked('answered')))
        .then([terminatedAsRepeated]);
      spec
        .given(triagedAppeal)
        .when(terminateAsRepeated(linked('answered')))
        .then([terminatedAsRepeated]);
    });
  });

  describe('when it names no earlier appeal', () => {
    it('refuses, naming linkedAppealId', () => {
      expect(errorOf(() => decider.decide(terminateAsRepeated(), fold(appealInProgress)))).toMatchObject({
        code: E.LINKED_APPEAL_REQUIRED,
        field: 'linkedAppealId',
      });
    });

    it('refuses a link to the appeal itself', () => {
      spec
        .given(appealInProgress)
        .when(terminateAsRepeated(linked('answered', APPEAL_ID)))
        .thenThrows(E.LINKED_APPEAL_REQUIRED);
    });
  });

  describe('when the earlier appeal is not there (or the caller may not see it)', () => {
    it('refuses, naming linkedAppealId', () => {
      expect(
        errorOf(() => decider.decide(terminateAsRepeated(linked('none')), fold(appealInProgress))),
      ).toMatchObject({
        code: E.LINKED_APPEAL_NOT_FOUND,
        field: 'linkedAppealId',
      });
    });
  });

  describe('when the earlier appeal has no answer', () => {
    it('refuses: still open, reopened, terminated, withdrawn or merged', () => {
      for (const status of ['routed', 'in_progress', 'terminated', 'withdrawn', 'merged'] as const)
        spec
          .given(appealInProgress)
          .when(terminateAsRepeated(linked(status)))
          .thenThrows(E.LINKED_APPEAL_NOT_ANSWERED);
    });
  });

  describe('on another ground', () => {
    it('needs no link', () => {
      spec
        .given(appealInProgress)
        .when(command('TerminateAppeal', { ground: 'substance_not_stated' }, at('2026-03-10T11:00')))
        .then([
          {
            type: 'AppealTerminated',
            data: {
              appealId: APPEAL_ID,
              ground: 'substance_not_stated',
              terminatedAt: '2026-03-10T06:00:00.000Z',
            },
          },
        ]);
    });
  });
});
