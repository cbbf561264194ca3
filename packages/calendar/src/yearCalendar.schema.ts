import { z } from 'zod';
import { LocalDateSchema } from './common.schema';
import { CalendarError } from './errors';
import { describeIssues, issuesOf } from './validation';

/** A public holiday (a day off by law), e.g. Nauryz on 21 March. */
export const HolidaySchema = z.strictObject({
  date: LocalDateSchema,
  name: z.string().min(1),
  /** true only when checked against an official act or calendar */
  verified: z.boolean(),
});

/** A date whose status was changed by a transfer rule or decree, with the reason. */
export const MovedDaySchema = z.strictObject({
  date: LocalDateSchema,
  reason: z.string().min(1),
  /** true only when checked against an official act or calendar; absent means not verified */
  verified: z.boolean().default(false),
});

/** One jurisdiction's non-working-day data for one year, loadable by an admin at run time. */
export const YearCalendarSchema = z
  .strictObject({
    profileId: z.string().min(1),
    year: z.number().int().min(1000).max(9999),
    holidays: z.array(HolidaySchema),
    /** weekdays that become days off (weekend-transfer rule, decrees) */
    movedDaysOff: z.array(MovedDaySchema),
    /** weekend days that become working days (e.g. a working Saturday) */
    movedWorkingDays: z.array(MovedDaySchema),
    /** where the data comes from */
    source: z.string().min(1),
    /** true only when every entry is verified */
    verified: z.boolean(),
    /** known gaps and open questions */
    notes: z.array(z.string().min(1)).optional(),
  })
  .superRefine((calendar, ctx) => {
    const lists = ['holidays', 'movedDaysOff', 'movedWorkingDays'] as const;
    const firstSeen = new Map<string, string>();
    for (const list of lists) {
      calendar[list].forEach((entry, index) => {
        const path = [list, index, 'date'];
        if (!entry.date.startsWith(`${calendar.year}-`)) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is not in year ${calendar.year}` });
        }
        const earlier = firstSeen.get(entry.date);
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is already listed in ${earlier}` });
        } else {
          firstSeen.set(entry.date, `${list}[${index}]`);
        }
        if (calendar.verified && !entry.verified) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'verified'],
            message: 'the calendar is marked verified but this entry is not',
          });
        }
      });
    }
  });

/** A validated year calendar. */
export type YearCalendar = z.output<typeof YearCalendarSchema>;
/** A year calendar as written in JSON (moved-day `verified` may be omitted). */
export type YearCalendarInput = z.input<typeof YearCalendarSchema>;

function labelOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const { profileId, year } = input as { profileId?: unknown; year?: unknown };
  return typeof profileId === 'string' && typeof year === 'number' ? ` (${profileId} ${year})` : '';
}

/** Validates a year calendar document, or throws `CALENDAR.INVALID_YEAR_CALENDAR` listing every issue. */
export function parseYearCalendar(input: unknown): YearCalendar {
  const result = YearCalendarSchema.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new CalendarError(
      'CALENDAR.INVALID_YEAR_CALENDAR',
      `Invalid year calendar${labelOf(input)}: ${describeIssues(issues)}`,
      { issues },
    );
  }
  return result.data;
}
