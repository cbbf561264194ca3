import { CalendarError } from './errors';

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** True when `value` is a wall-clock time `HH:MM` or `HH:MM:SS` (00:00 … 23:59:59). */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_OF_DAY.test(value);
}

/** Seconds since local midnight of `HH:MM[:SS]`, or throws `CALENDAR.INVALID_TIME`. */
export function secondsOfDay(value: unknown): number {
  const match = typeof value === 'string' ? TIME_OF_DAY.exec(value) : null;
  if (!match) {
    throw new CalendarError(
      'CALENDAR.INVALID_TIME',
      `Not a time of day HH:MM[:SS]: ${JSON.stringify(value)}`,
      {
        value,
      },
    );
  }
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}
