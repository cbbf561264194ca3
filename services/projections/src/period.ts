import { z } from 'zod';

const DAY_MS = 86_400_000;

/** Kazakhstan's time (UTC+05:00, the kz-appk profile's offset): the day a date alone names. */
export const DEFAULT_DAY_OFFSET_MINUTES = 300;

const bound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'Expected an ISO date (2026-03-02) or date-time with offset (2026-03-02T09:00:00+05:00)',
  })
  .optional();

/** `from` / `to` query fields: an ISO date (a whole local day) or an exact ISO date-time. */
export const periodFields = {
  from: bound.meta({
    description: 'Registered at or after: a date (from the start of that day, UTC+05:00) or a date-time',
  }),
  to: bound.meta({
    description: 'Registered at or before: a date (to the end of that day, UTC+05:00) or a date-time',
  }),
};

/** An ISO `registeredAt` range for the read store: `gte` the start, `lt`/`lte` the end. */
export interface RegisteredRange {
  gte?: string;
  lt?: string;
  lte?: string;
}

const isDateOnly = (value: string) => value.length === 10;

/** The ISO-UTC instant a date (at `dayOffsetMinutes` from UTC) starts, shifted by `days`. */
export const localDayStart = (date: string, dayOffsetMinutes: number, days = 0): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS - dayOffsetMinutes * 60_000).toISOString();

/** The local date (at `dayOffsetMinutes` from UTC) of an ISO instant. */
export const localDate = (iso: string, dayOffsetMinutes: number): string =>
  new Date(Date.parse(iso) + dayOffsetMinutes * 60_000).toISOString().slice(0, 10);

/**
 * Turns `from` / `to` into a range over ISO-UTC `registeredAt` strings (which compare in time order):
 * a date alone covers that whole day in local time, a date-time is exact (both ends inclusive).
 */
export function registeredRange(
  period: { from?: string | undefined; to?: string | undefined },
  dayOffsetMinutes = DEFAULT_DAY_OFFSET_MINUTES,
): RegisteredRange | undefined {
  const range: RegisteredRange = {};
  if (period.from)
    range.gte = isDateOnly(period.from)
      ? localDayStart(period.from, dayOffsetMinutes)
      : new Date(period.from).toISOString();
  if (period.to) {
    if (isDateOnly(period.to)) range.lt = localDayStart(period.to, dayOffsetMinutes, 1);
    else range.lte = new Date(period.to).toISOString();
  }
  return Object.keys(range).length > 0 ? range : undefined;
}

/** Adds an issue on `to` when the period ends before it starts. */
export function checkPeriodOrder(
  period: { from?: string | undefined; to?: string | undefined },
  ctx: z.core.$RefinementCtx,
  dayOffsetMinutes = DEFAULT_DAY_OFFSET_MINUTES,
): void {
  const range = registeredRange(period, dayOffsetMinutes);
  const end = range?.lt ?? range?.lte;
  if (range?.gte && end && (range.lt ? end <= range.gte : end < range.gte))
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` is before `from`' });
}
