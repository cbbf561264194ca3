import { createJurisdictions } from '@appeals/appeal-application';
import { watchCalendarCoverage } from './calendarCoverage';

// kz-appk ships calendars through 2027: from 90 days before 2028 begins (2 Oct 2027, local time) the operators are told.
describe('watchCalendarCoverage', () => {
  const watch = (at: string, everyMs?: number) => {
    const warn = jest.fn();
    let now = new Date(at);
    const stop = watchCalendarCoverage({
      jurisdictions: createJurisdictions(),
      profileId: 'kz-appk',
      clock: () => now,
      logger: { warn },
      ...(everyMs === undefined ? {} : { everyMs }),
    });
    return { warn, stop, moveTo: (later: string) => (now = new Date(later)) };
  };

  it('given the loaded years cover more than 90 days ahead, when it starts, then it warns of nothing', () => {
    const { warn, stop } = watch('2027-10-01T12:00:00+05:00');
    stop();
    expect(warn).not.toHaveBeenCalled();
  });

  it('given 2028 is not loaded, when it starts within 90 days of it, then it warns once naming the year and the day deadlines turn provisional', () => {
    const { warn, stop } = watch('2027-10-02T09:00:00+05:00');
    stop();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toEqual({
      calendarWarning: {
        profileId: 'kz-appk',
        missingYear: 2028,
        provisionalFrom: '2028-01-01',
        warnFrom: '2027-10-02',
      },
    });
    expect(warn.mock.calls[0]![1]).toMatch(
      /2028 is not loaded.*provisional.*\/admin\/calendars\/kz-appk\/2028/,
    );
  });

  it('checks again every day: a process started before the warning window warns once it is reached', () => {
    jest.useFakeTimers();
    try {
      const { warn, stop, moveTo } = watch('2027-09-30T12:00:00+05:00', 1_000);
      jest.advanceTimersByTime(1_000);
      expect(warn).not.toHaveBeenCalled();
      moveTo('2027-10-03T12:00:00+05:00');
      jest.advanceTimersByTime(1_000);
      expect(warn).toHaveBeenCalledTimes(1);
      stop();
      jest.advanceTimersByTime(5_000);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
