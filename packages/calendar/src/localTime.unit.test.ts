import { endOfLocalDay, getProfile, localDateTimeToInstant, toLocalDate } from './index';
import { calendarErrorOf } from './testSupport';

const kz = getProfile('kz-appk'); // UTC+5
const ru = getProfile('ru-59fz'); // UTC+3

describe('toLocalDate', () => {
  it('given 18:59:59.999 UTC, when read in Astana (UTC+5), then it is still 23:59 of the same day', () => {
    expect(toLocalDate(new Date('2025-04-15T18:59:59.999Z'), kz)).toBe('2025-04-15');
  });

  it('given 19:00 UTC, when read in Astana, then it is already midnight of the next day', () => {
    expect(toLocalDate(new Date('2025-04-15T19:00:00.000Z'), kz)).toBe('2025-04-16');
  });

  it('given 23:00 UTC, when read in Moscow (UTC+3), then it is 02:00 of the next day', () => {
    expect(toLocalDate(new Date('2025-04-15T20:59:59.999Z'), ru)).toBe('2025-04-15');
    expect(toLocalDate(new Date('2025-04-15T23:00:00.000Z'), ru)).toBe('2025-04-16');
  });

  it('given an invalid Date, then it throws CALENDAR.INVALID_INSTANT', () => {
    calendarErrorOf('CALENDAR.INVALID_INSTANT', () => toLocalDate(new Date('not a date'), kz));
  });
});

describe('localDateTimeToInstant', () => {
  it('given 09:00 in Astana, then the instant is 04:00 UTC', () => {
    expect(localDateTimeToInstant('2025-04-15', '09:00', kz).toISOString()).toBe('2025-04-15T04:00:00.000Z');
  });

  it('given 18:30:15 with seconds in Astana, then the instant is 13:30:15 UTC', () => {
    expect(localDateTimeToInstant('2025-04-15', '18:30:15', kz).toISOString()).toBe(
      '2025-04-15T13:30:15.000Z',
    );
  });

  it('given local midnight in Astana, then the instant is 19:00 UTC of the previous day', () => {
    expect(localDateTimeToInstant('2025-04-16', '00:00', kz).toISOString()).toBe('2025-04-15T19:00:00.000Z');
  });

  it('given 09:00 in Moscow, then the instant is 06:00 UTC', () => {
    expect(localDateTimeToInstant('2025-04-15', '09:00', ru).toISOString()).toBe('2025-04-15T06:00:00.000Z');
  });

  it.each(['24:00', '9:00', '12:60', '12:00:60', ''])(
    'given the malformed time %j, then it throws CALENDAR.INVALID_TIME',
    (time) => {
      const error = calendarErrorOf('CALENDAR.INVALID_TIME', () =>
        localDateTimeToInstant('2025-04-15', time, kz),
      );
      expect(error.details.value).toBe(time);
    },
  );
});

describe('endOfLocalDay', () => {
  it('given a day in Astana, then it ends at 18:59:59.999 UTC', () => {
    expect(endOfLocalDay('2025-04-15', kz).toISOString()).toBe('2025-04-15T18:59:59.999Z');
  });

  it('given a day in Moscow, then it ends at 20:59:59.999 UTC', () => {
    expect(endOfLocalDay('2025-04-15', ru).toISOString()).toBe('2025-04-15T20:59:59.999Z');
  });

  it('given the leap day 2028-02-29, then it ends on that day', () => {
    expect(endOfLocalDay('2028-02-29', kz).toISOString()).toBe('2028-02-29T18:59:59.999Z');
  });

  it.each(['2025-02-29', '2025-4-15', '2025-13-01', '15.04.2025', '0999-01-01'])(
    'given the non-date %j, then it throws CALENDAR.INVALID_DATE',
    (date) => {
      const error = calendarErrorOf('CALENDAR.INVALID_DATE', () => endOfLocalDay(date, kz));
      expect(error.message).toContain(date);
    },
  );
});
