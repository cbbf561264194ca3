import { z } from 'zod';
import { daysInMonth, isLocalDate } from './localDate';
import { isTimeOfDay } from './timeOfDay';

/** A real calendar date written `YYYY-MM-DD`. */
export const LocalDateSchema = z.string().refine(isLocalDate, 'expected a real calendar date YYYY-MM-DD');

/** A day of every year written `MM-DD` (29 February included), e.g. `03-21`. */
export const MonthDaySchema = z.string().refine((value) => {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  return match !== null && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month);
}, 'expected a day of the year MM-DD');

/** A wall-clock time `HH:MM` (profiles use minutes only). */
export const TimeOfDaySchema = z
  .string()
  .refine((value) => isTimeOfDay(value) && value.length === 5, 'expected a time of day HH:MM');

/** How days of a term are counted: working days only, or every calendar day. */
export const RegimeSchema = z.enum(['working', 'calendar']);
export type Regime = z.output<typeof RegimeSchema>;

/** A term of N days counted in a regime, e.g. `{ days: 3, regime: 'working' }`. */
export const DayCountSchema = z.strictObject({
  days: z.number().int().positive(),
  regime: RegimeSchema,
});
export type DayCount = z.output<typeof DayCountSchema>;

/** A calendar period in months and/or days, e.g. `{ months: 2 }`; months are added first, clamped to month end. */
export const PeriodSchema = z
  .strictObject({
    months: z.number().int().nonnegative().optional(),
    days: z.number().int().nonnegative().optional(),
  })
  .refine((p) => (p.months ?? 0) + (p.days ?? 0) > 0, 'a period needs months or days greater than zero');
export type Period = z.output<typeof PeriodSchema>;

/** A two-letter ISO 639-1 language code (kk, ru, en). */
export const LanguageCodeSchema = z.string().regex(/^[a-z]{2}$/, 'expected a two-letter ISO 639-1 code');

/** A name in the languages the platform shows; Kazakh is optional for non-Kazakh profiles. */
export const LocalizedNameSchema = z.strictObject({
  kk: z.string().min(1).optional(),
  ru: z.string().min(1),
  en: z.string().min(1),
});
export type LocalizedName = z.output<typeof LocalizedNameSchema>;
