import type { EventData } from '@appeals/contracts';
import { AppealErrorCodes as E } from './errors';
import {
  APPEAL_ID,
  answeredAppeal,
  appealInProgress,
  at,
  command,
  errorOf,
  decider,
  registeredAppeal,
  registrar,
  routedAppeal,
  spec,
  terminatedAppeal,
  withdrawnAppeal,
} from './testAppeal';
import type { AppealEvent, LinkedAppealFact } from './types';

// Possible duplicates found at intake, and merging a duplicate (B) into the appeal that answers both (A).
// The decider reads one stream: the application layer reads the other appeal and passes in what it found.

const EARLIER = '11111111-2222-4333-8444-555555555555';
const OTHER = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const NOW = at('2026-03-02T10:00');
const THRESHOLD = 0.5;

type Match = EventData<'AppealPossibleDuplicatesFound'>['matches'][number];
const match = (appealId: string, over: Partial<Match> = {}): Match => ({
  appealId,
  registrationNumber: appealId === EARLIER ? '20260210-AAAAAA' : '20260220-BBBBBB',
  reasons: ['similar_text'],
  score: 0.8,
  ...over,
});
const record = (matches: Match[]) =>
  command('RecordPossibleDuplicates', { matches, threshold: THRESHOLD }, NOW, registrar);
const found = (matches: Match[]): AppealEvent => ({
  type: 'AppealPossibleDuplicatesFound',
  data: { appealId: APPEAL_ID, matches, threshold: THRESHOLD, checkedAt: '2026-03-02T05:00:00.000Z' },
});

describe('RecordPossibleDuplicates', () => {
  describe('when the appeal was just registered', () => {
    it('records the earlier appeals found, the most similar first', () => {
      const low = match(OTHER, { score: 0.55 });
      const high = match(EARLIER, { score: 0.9, reasons: ['same_applicant', 'similar_text'] });
      spec
        .given(registeredAppeal)
        .when(record([low, high]))
        .then([found([high, low])]);
    });

    it('records an appeal found for two reasons once, with both reasons and the higher score', () => {
      spec
        .given(registeredAppeal)
        .when(record([match(EARLIER, { reasons: ['same_applicant'], score: 0.2 }), match(EARLIER)]))
        .then([found([match(EARLIER, { reasons: ['same_applicant', 'similar_text'], score: 0.8 })])]);
    });

    it('never lists the appeal as a duplicate of itself', () => {
      spec
        .given(registeredAppeal)
        .when(record([match(APPEAL_ID), match(EARLIER)]))
        .then([found([match(EARLIER)])]);
    });

    it('records nothing when nothing was found', () => {
      spec.given(registeredAppeal).when(record([])).thenNothingHappens();
      spec
        .given(registeredAppeal)
        .when(record([match(APPEAL_ID)]))
        .thenNothingHappens();
    });
  });

  describe('when its duplicates were recorded already', () => {
    it('records nothing more (a retry changes nothing)', () => {
      spec
        .given([...registeredAppeal, found([match(EARLIER)])])
        .when(record([match(OTHER)]))
        .thenNothingHappens();
    });
  });

  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec
        .given([])
        .when(record([match(EARLIER)]))
        .thenThrows(E.NOT_FOUND);
    });
  });
});

const A: LinkedAppealFact = {
  appealId: EARLIER,
  status: 'in_progress',
  registrationNumber: '20260210-AAAAAA',
};
const merge = (into: LinkedAppealFact = A) => command('MergeAppeal', { into }, NOW, registrar);
const merged = (into = A): AppealEvent => ({
  type: 'AppealMerged',
  data: {
    appealId: APPEAL_ID,
    intoAppealId: into.appealId,
    intoRegistrationNumber: into.registrationNumber ?? '',
    mergedAt: '2026-03-02T05:00:00.000Z',
  },
});
const attach = (appealId = OTHER, registrationNumber = '20260220-BBBBBB') =>
  command('RecordMergedDuplicate', { duplicate: { appealId, registrationNumber } }, NOW, registrar);
const attached = (appealId = OTHER, registrationNumber = '20260220-BBBBBB'): AppealEvent => ({
  type: 'DuplicateAppealMerged',
  data: {
    appealId: APPEAL_ID,
    duplicateAppealId: appealId,
    duplicateRegistrationNumber: registrationNumber,
    mergedAt: '2026-03-02T05:00:00.000Z',
  },
});

describe('MergeAppeal (this appeal, B, is closed as a duplicate of A)', () => {
  describe('when B is open', () => {
    it('closes B as merged into A, from any open status', () => {
      for (const given of [registeredAppeal, routedAppeal, appealInProgress])
        spec.given(given).when(merge()).then([merged()]);
    });

    it('merges into an A that was answered already: that answer answers B', () => {
      const answeredA = { ...A, status: 'answered' as const };
      spec
        .given(appealInProgress)
        .when(merge(answeredA))
        .then([merged(answeredA)]);
    });

    it('leaves B merged: closed, nothing more to do on it', () => {
      const state = [...appealInProgress, merged()].reduce(decider.evolve, decider.initialState);
      expect(state).toMatchObject({ status: 'merged', mergedInto: EARLIER });
      expect(decider.isTerminal(state)).toBe(true);
      const withdraw = command('WithdrawAppeal', {}, NOW);
      expect(errorOf(() => decider.decide(withdraw, state))).toMatchObject({ code: E.CLOSED });
    });

    it('refuses to merge B into itself, naming intoAppealId', () => {
      expect(
        errorOf(() => decider.decide(merge({ ...A, appealId: APPEAL_ID }), fold(appealInProgress))),
      ).toMatchObject({
        code: E.MERGE_INTO_SELF,
        field: 'intoAppealId',
      });
    });

    it('refuses an A that does not exist (or the caller may not see), naming intoAppealId', () => {
      expect(
        errorOf(() => decider.decide(merge({ appealId: OTHER, status: 'none' }), fold(routedAppeal))),
      ).toMatchObject({
        code: E.LINKED_APPEAL_NOT_FOUND,
        field: 'intoAppealId',
      });
    });

    it('refuses an A that is closed without an answer: it will answer nobody', () => {
      for (const status of ['terminated', 'withdrawn', 'merged'] as const)
        spec
          .given(appealInProgress)
          .when(merge({ ...A, status }))
          .thenThrows(E.MERGE_TARGET_CLOSED);
    });

    it('refuses while other duplicates are merged into B: they would lose their answer', () => {
      spec
        .given([...appealInProgress, attached()])
        .when(merge())
        .thenThrows(E.MERGE_HAS_DUPLICATES);
    });
  });

  describe('when B is merged into A already', () => {
    it('does nothing when asked again (a retry)', () => {
      spec
        .given([...appealInProgress, merged()])
        .when(merge())
        .thenNothingHappens();
    });

    it('refuses to merge it into another appeal: it is closed', () => {
      const other = { appealId: OTHER, status: 'routed' as const, registrationNumber: 'X' };
      spec
        .given([...appealInProgress, merged()])
        .when(merge(other))
        .thenThrows(E.CLOSED);
    });
  });

  describe('when B is answered, terminated or withdrawn', () => {
    it('refuses', () => {
      spec.given(answeredAppeal).when(merge()).thenThrows(E.ALREADY_ANSWERED);
      spec.given(terminatedAppeal).when(merge()).thenThrows(E.CLOSED);
      spec.given(withdrawnAppeal).when(merge()).thenThrows(E.CLOSED);
    });
  });
});

describe('RecordMergedDuplicate (A lists the duplicate B merged into it)', () => {
  it('lists B on an open or answered A', () => {
    spec.given(appealInProgress).when(attach()).then([attached()]);
    spec.given(answeredAppeal).when(attach()).then([attached()]);
  });

  it('keeps every duplicate merged in', () => {
    const state = fold([...appealInProgress, attached(), attached(EARLIER, '20260210-AAAAAA')]);
    expect(state).toMatchObject({ mergedDuplicates: [OTHER, EARLIER] });
  });

  it('does nothing for a duplicate it lists already (a retry)', () => {
    spec
      .given([...appealInProgress, attached()])
      .when(attach())
      .thenNothingHappens();
  });

  it('refuses when A is closed, or is B itself', () => {
    spec.given(terminatedAppeal).when(attach()).thenThrows(E.CLOSED);
    spec.given(appealInProgress).when(attach(APPEAL_ID)).thenThrows(E.MERGE_INTO_SELF);
  });
});

function fold(events: AppealEvent[]) {
  return events.reduce(decider.evolve, decider.initialState);
}
