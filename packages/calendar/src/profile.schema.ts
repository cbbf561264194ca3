import { z } from 'zod';
import {
  DayCountSchema,
  LanguageCodeSchema,
  LocalizedNameSchema,
  PeriodSchema,
  RegimeSchema,
  TimeOfDaySchema,
} from './common.schema';
import { CalendarError } from './errors';
import { describeIssues, issuesOf } from './validation';

/** One kind of appeal and its default review term, e.g. `information_request`: 15 calendar days. */
export const AppealKindSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a stable ASCII slug such as information_request'),
  name: LocalizedNameSchema,
  termDays: z.number().int().positive(),
  regime: RegimeSchema,
  /** a complaint about an act or answer (APPK Art. 91): the kinds a complaint may be filed as */
  complaint: z.boolean().optional(),
});
export type AppealKind = z.output<typeof AppealKindSchema>;

/** How the registration date follows from the moment of receipt. */
export const RegistrationDelaySchema = z.strictObject({
  /** same day when received on a working day before the cutoff, otherwise the next working day */
  rule: z.literal('sameDayBeforeCutoff'),
  /** legal limit for registering, in days, where the law gives one (59-FZ: 3); informational */
  registrationWithinDays: z.number().int().positive().optional(),
});

/** How far a review term may be extended. Give exactly one of `maxTotal` or `maxAdditional`. */
export const ExtensionSchema = z
  .strictObject({
    /** the whole term may not exceed this period counted from the registration date (KZ: 2 months) */
    maxTotal: PeriodSchema.optional(),
    /** the term may grow by at most this many days after the normal deadline (RU: 30 calendar days) */
    maxAdditional: DayCountSchema.optional(),
    /** the applicant must be told of an extension within this term (KZ: 3 working days) */
    notifyApplicantWithin: DayCountSchema.optional(),
  })
  .refine(
    (e) => (e.maxTotal === undefined) !== (e.maxAdditional === undefined),
    'give exactly one of maxTotal or maxAdditional',
  );

/** A jurisdiction's rules for appeals as data: zone, week, terms per kind, registration, forwarding, extension. */
export const JurisdictionProfileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug such as kz-appk'),
    name: LocalizedNameSchema,
    /** fixed offset of the jurisdiction's local time from UTC, in minutes (KZ: +300) */
    utcOffsetMinutes: z.number().int().min(-720).max(840),
    /** ISO weekdays that are days off every week (6 = Saturday, 7 = Sunday) */
    weekend: z.array(z.number().int().min(1).max(7)).max(6),
    workdayStart: TimeOfDaySchema,
    /** appeals received at or after this local time are registered on the next working day */
    registrationCutoff: TimeOfDaySchema,
    stateLanguage: LanguageCodeSchema,
    /** languages an appeal may be written in */
    languages: z.array(LanguageCodeSchema).min(1),
    kinds: z.array(AppealKindSchema).min(1),
    registrationDelay: RegistrationDelaySchema,
    /** term for forwarding an appeal outside the body's competence, counted from registration */
    forwarding: DayCountSchema,
    extension: ExtensionSchema,
    /** how long after an answer the applicant may complain */
    complaintWindow: PeriodSchema,
    /** a calendar-regime term ending on a non-working day ends on the next working day instead */
    calendarMovesDeadlineOffNonWorkingDay: z.boolean(),
    /** legal sources of the values above */
    sources: z.array(z.string().min(1)).optional(),
    /** per-field explanations of product choices, keyed by field name */
    notes: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((profile, ctx) => {
    if (new Set(profile.weekend).size !== profile.weekend.length) {
      ctx.addIssue({ code: 'custom', path: ['weekend'], message: 'weekdays must not repeat' });
    }
    if (profile.registrationCutoff <= profile.workdayStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['registrationCutoff'],
        message: `must be later than workdayStart ${profile.workdayStart}`,
      });
    }
    if (new Set(profile.languages).size !== profile.languages.length) {
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'languages must not repeat' });
    }
    if (!profile.languages.includes(profile.stateLanguage)) {
      ctx.addIssue({
        code: 'custom',
        path: ['languages'],
        message: `must include the state language ${profile.stateLanguage}`,
      });
    }
    const seen = new Set<string>();
    profile.kinds.forEach((kind, index) => {
      if (seen.has(kind.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['kinds', index, 'code'],
          message: `duplicate kind ${kind.code}`,
        });
      }
      seen.add(kind.code);
      if (profile.languages.includes('kk') && kind.name.kk === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['kinds', index, 'name', 'kk'],
          message: 'a Kazakh name is required when appeals may be written in kk',
        });
      }
    });
  });

/** A validated jurisdiction profile. */
export type JurisdictionProfile = z.output<typeof JurisdictionProfileSchema>;

/** Validates a profile document, or throws `CALENDAR.INVALID_PROFILE` listing every issue. */
export function parseProfile(input: unknown): JurisdictionProfile {
  const result = JurisdictionProfileSchema.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new CalendarError(
      'CALENDAR.INVALID_PROFILE',
      `Invalid jurisdiction profile: ${describeIssues(issues)}`,
      {
        issues,
      },
    );
  }
  return result.data;
}
