import { createJurisdictions } from '@appeals/appeal-application';
import { calendarStream } from '@appeals/contracts';
import { createInMemoryEventStore, type EventStore } from '@appeals/eventstore';
import { randomUUID } from 'node:crypto';
import { createCalendarFollower } from './calendarFollower';

/** what an admin's PUT of 2028 stores (New Year's Day the only holiday) */
const year2028 = {
  source: 'an admin, in this test',
  verified: false,
  profileId: 'kz-appk',
  year: 2028,
  holidays: [{ date: '2028-01-01', name: 'New Year', verified: false }],
  movedWorkingDays: [],
  movedDaysOff: [],
};

/** the store, counting the follower's reads */
function countingStore() {
  const store = createInMemoryEventStore();
  const reads: string[] = [];
  const counting: EventStore = {
    ...store,
    readStream: (stream, options) => {
      reads.push(stream);
      return store.readStream(stream, options);
    },
  };
  return { store, counting, reads };
}

const appendOther = (store: EventStore) =>
  store.append(`appeal-${randomUUID()}`, [{ id: randomUUID(), type: 'Noted', data: {} }], {
    expectedVersion: 'no_stream',
  });

describe('the calendar follower', () => {
  it('picks up a year loaded after its start once the wake-up delay has passed, one look for a burst of appends', async () => {
    const { store, counting, reads } = countingStore();
    const jurisdictions = createJurisdictions();
    const errors: unknown[] = [];
    const follower = createCalendarFollower({
      store: counting,
      jurisdictions,
      profileIds: ['kz-appk', 'ru-59fz'],
      wakeDelayMs: 100,
      onError: (error) => errors.push(error),
    });
    expect(await follower.start()).toBe(0);
    reads.length = 0;
    try {
      await store.append(
        calendarStream('kz-appk'),
        [
          {
            id: randomUUID(),
            type: 'CalendarYearLoaded',
            data: { profileId: 'kz-appk', year: 2028, calendar: year2028 },
          },
        ],
        { expectedVersion: 'any' },
      );
      for (let i = 0; i < 20; i++) await appendOther(store);
      expect(reads).toEqual([]);
      expect(jurisdictions.book.years('kz-appk')).not.toContain(2028);

      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(reads).toEqual([calendarStream('kz-appk'), calendarStream('ru-59fz')]);
      expect(jurisdictions.book.years('kz-appk')).toContain(2028);
      expect(errors).toEqual([]);
    } finally {
      await follower.stop();
    }
  });
});
