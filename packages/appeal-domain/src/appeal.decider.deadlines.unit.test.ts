import { DeciderSpecification } from '@appeals/decider/spec';
import { createAppealDecider } from './appeal.decider';
import { makeTestRules, type TestCalendar } from './testRules';
import {
  APPEAL_ID,
  answeredAppeal,
  at,
  command,
  head,
  registered,
  routed,
  routedAppeal,
  submitted,
  sweeper,
  withdrawn,
} from './testAppeal';
import type { AppealEvent } from './types';

// An appeal registered Fri 11 Dec 2026 while 2027's calendar was not loaded: 15 working days counted on weekends
// only end Fri 1 Jan 2027, provisionally. The admin then loads 2027 with 1 and 4 January off.
const specOn = (calendar: TestCalendar) =>
  DeciderSpecification.for(createAppealDecider(() => makeTestRules(calendar)));
const notLoaded = specOn({ loadedThrough: 2026 });
const loaded = specOn({ loadedThrough: 2027, daysOff: ['2027-01-01', '2027-01-04'] });

const PROVISIONAL = {
  dueOn: '2027-01-01',
  dueAt: '2027-01-01T18:59:59.000Z',
  termDays: 15,
  regime: 'working',
  provisional: true,
} as const;
const registeredInDecember: AppealEvent[] = [
  submitted({ receivedAt: '2026-12-11T05:00:00.000Z' }),
  registered({
    registrationNumber: '20261211-X7K2QP',
    registeredAt: '2026-12-11T05:00:00.000Z',
    registeredOn: '2026-12-11',
    deadline: PROVISIONAL,
    forwardBy: '2026-12-16T18:59:59.000Z',
  }),
  routed(),
];
/** Recomputed Sun 10 Jan 2027 on the loaded calendar: Dec 14-31 (14) | Jan 1 off, 4 off | Tue 5 Jan (15). */
const recomputed: AppealEvent = {
  type: 'AppealDeadlineRecomputed',
  data: {
    appealId: APPEAL_ID,
    previousDeadline: PROVISIONAL,
    newDeadline: { dueOn: '2027-01-05', dueAt: '2027-01-05T18:59:59.000Z', termDays: 15, regime: 'working' },
    forwardBy: '2026-12-16T18:59:59.000Z',
    recomputedAt: '2027-01-10T05:00:00.000Z',
  },
};
const recompute = (now = at('2027-01-10T10:00')) => command('RecomputeDeadline', {}, now, sweeper);

describe('RecomputeDeadline', () => {
  describe('when the deadline is provisional and the year is loaded', () => {
    it('records the deadline counted on the loaded calendar: Dec 14-31 (14) | Jan 1 off, 4 off | Tue 5 Jan (15)', () => {
      loaded.given(registeredInDecember).when(recompute()).then([recomputed]);
    });

    it('keeps an extended due date the head chose, moved off a day the loaded calendar shows off', () => {
      const extendedToJan4: AppealEvent = {
        type: 'DeadlineExtended',
        data: {
          appealId: APPEAL_ID,
          previousDeadline: PROVISIONAL,
          newDeadline: {
            dueOn: '2027-01-04',
            dueAt: '2027-01-04T18:59:59.000Z',
            termDays: 24,
            regime: 'calendar',
            provisional: true,
          },
          reason: 'An on-site inspection is needed',
          approvedBy: head.id,
          applicantNotifiedAt: '2026-12-14T05:00:00.000Z',
        },
      };
      loaded
        .given([...registeredInDecember, extendedToJan4])
        .when(recompute())
        .thenMatches(([event]) =>
          expect(event?.data).toMatchObject({
            newDeadline: { dueOn: '2027-01-05', termDays: 25, regime: 'calendar' },
          }),
        );
    });

    it('is recorded once: the recomputed deadline is no longer provisional', () => {
      loaded
        .given([...registeredInDecember, recomputed])
        .when(recompute())
        .thenNothingHappens();
    });
  });

  describe('when the year is still not loaded', () => {
    it('does nothing: the same provisional deadline would come out', () => {
      notLoaded.given(registeredInDecember).when(recompute()).thenNothingHappens();
    });
  });

  describe('when the deadline is not provisional', () => {
    it('does nothing', () => {
      loaded.given(routedAppeal).when(recompute()).thenNothingHappens();
    });
  });

  describe('when the term no longer runs', () => {
    it('does nothing for an answered, withdrawn or missing appeal', () => {
      loaded.given(answeredAppeal).when(recompute()).thenNothingHappens();
      loaded
        .given([...registeredInDecember, withdrawn])
        .when(recompute())
        .thenNothingHappens();
      loaded.given([]).when(recompute()).thenNothingHappens();
    });
  });
});
