import { z } from 'zod';
import {
  ANSWER_CHARACTERS,
  APPEAL_STATUSES,
  CALLER_ROLES,
  CHANNELS,
  COMPLAINT_OUTCOMES,
  DECISION_KINDS,
  LANGUAGES,
  TERMINATION_GROUNDS,
} from './vocabulary';

/** An appeal id: a UUID chosen by the intake service. */
export const AppealId = z.uuid().meta({ id: 'AppealId', description: 'Appeal identifier (UUID)' });

/** A local calendar date in the jurisdiction's zone. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .meta({ id: 'LocalDate', example: '2026-03-02' });

/** An ISO 8601 instant with an explicit offset. */
export const Instant = z.iso
  .datetime({ offset: true })
  .meta({ id: 'Instant', example: '2026-03-02T09:00:00+05:00' });

/** Languages an appeal can be written or answered in. */
export const Language = z.enum(LANGUAGES).meta({ id: 'Language' });

/** How the appeal reached the body. */
export const Channel = z.enum(CHANNELS).meta({ id: 'Channel' });

/** Who can act on an appeal: a caller's role, or `system` for what the platform does itself (rules, deadlines). */
export const Role = z.enum([...CALLER_ROLES, 'system']);
export type Role = z.infer<typeof Role>;

/** Where an appeal stands in its lifecycle ({@link APPEAL_STATUSES}). */
export const AppealStatus = z.enum(APPEAL_STATUSES).meta({ id: 'AppealStatus' });
export type AppealStatus = z.infer<typeof AppealStatus>;

/** Who did something. */
export const Actor = z.object({
  id: z.string().min(1),
  role: Role,
  agencyId: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

/** KATO (classifier of administrative-territorial objects) code: 9 digits. */
export const KatoCode = z.string().regex(/^\d{9}$/, 'expected a 9-digit KATO code');

const FIRST_PASS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_PASS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/**
 * Whether a 12-digit IIN or BIN carries its check digit (the 12th): the weighted sum of the first 11 digits with
 * weights 1…11, modulo 11; a remainder of 10 takes a second pass with weights 3…11, 1, 2, and a second 10 means
 * no such number is issued. The same rule serves IINs and BINs.
 *
 * @example
 * hasValidCheckDigit('900101400122'); // true
 * hasValidCheckDigit('900101400123'); // false (the last digit changed)
 */
export function hasValidCheckDigit(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const remainder = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11;
  let check = remainder(FIRST_PASS);
  if (check === 10) check = remainder(SECOND_PASS);
  return check !== 10 && check === digits[11];
}

/** A 12-digit identification number whose check digit matches ({@link hasValidCheckDigit}). */
const identificationNumber = (name: 'IIN' | 'BIN') =>
  z
    .string()
    .regex(/^\d{12}$/, { message: `expected a 12-digit ${name}`, abort: true })
    .refine(hasValidCheckDigit, `the check digit does not match: not a valid ${name}`);

/** Individual identification number (ИИН/ЖСН): 12 digits, the last a check digit. */
export const Iin = identificationNumber('IIN');
/** Business identification number (БИН): 12 digits, the last a check digit. */
export const Bin = identificationNumber('BIN');

/** The applicant: a person, a legal entity, or nobody identified. */
export const Applicant = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('individual'),
      iin: Iin.optional(),
      fullName: z.string().trim().min(2).max(200),
      phone: z
        .string()
        .regex(/^\+?\d{10,15}$/, 'expected a phone number in digits')
        .optional(),
      email: z.email().optional(),
      address: z.string().max(500).optional(),
    }),
    z.strictObject({
      type: z.literal('legal'),
      bin: Bin,
      organisationName: z.string().trim().min(2).max(300),
      representative: z.string().trim().min(2).max(200),
      phone: z
        .string()
        .regex(/^\+?\d{10,15}$/, 'expected a phone number in digits')
        .optional(),
      email: z.email().optional(),
      address: z.string().max(500).optional(),
    }),
    z.strictObject({ type: z.literal('anonymous') }),
  ])
  .meta({ id: 'Applicant' });
export type Applicant = z.infer<typeof Applicant>;

/**
 * Where the matter of an appeal is (a pothole, a broken street light): a WGS 84 point, an address as written, or
 * both. Optional on every appeal; the Open311 edge fills it from `lat`/`long` and `address_string`. It can point at
 * the applicant's home, so it is sealed like the text before it enters an event (ADR 0006, the Open311 ADR).
 */
export const AppealLocation = z
  .strictObject({
    lat: z.number().min(-90).max(90).optional(),
    long: z.number().min(-180).max(180).optional(),
    address: z.string().trim().min(1).max(500).optional(),
  })
  .refine((l) => (l.lat === undefined) === (l.long === undefined), {
    path: ['long'],
    message: 'lat and long come together',
  })
  .refine((l) => l.lat !== undefined || l.address !== undefined, {
    message: 'a point (lat and long) or an address',
  })
  .meta({ id: 'AppealLocation', example: { lat: 51.1283, long: 71.4305, address: 'Kabanbay Batyr Ave 1' } });
export type AppealLocation = z.infer<typeof AppealLocation>;

/**
 * Personal data as it is stored: AES-256-GCM ciphertext under the data key of one data subject (ADR 0006).
 * The contracts only describe the shape; sealing and opening happen in the application layer.
 */
export const Sealed = z
  .strictObject({
    /** whose data key encrypted it (an applicant account's or one appeal's subject) */
    subjectId: z.uuid(),
    alg: z.literal('A256GCM'),
    /** base64 of the 12-byte nonce */
    iv: z.base64(),
    /** base64 of the ciphertext of the JSON value */
    ciphertext: z.base64(),
    /** base64 of the 16-byte GCM authentication tag */
    tag: z.base64(),
  })
  .meta({ id: 'Sealed' });
export type Sealed = z.infer<typeof Sealed>;

/**
 * A remark the applicant writes after filing (a rating comment, why they withdraw or reopen): sealed under the
 * appeal's data subject like its text (purpose `remark`). Events written before remarks were sealed hold it as
 * clear text, which still reads.
 */
export const Remark = z.union([Sealed, z.string()]).meta({ id: 'Remark' });
export type Remark = z.infer<typeof Remark>;

/** Whether two remarks are the same: equal clear texts, or the same sealed value (a new sealing never is). */
export const sameRemark = (a: Remark | undefined, b: Remark | undefined): boolean =>
  typeof a === 'string' || typeof b === 'string' || a === undefined || b === undefined
    ? a === b
    : a.subjectId === b.subjectId && a.iv === b.iv && a.ciphertext === b.ciphertext && a.tag === b.tag;

/**
 * The applicant as an event holds it: which kind of applicant it is stays clear (the rules read it), everything
 * that identifies the person (the {@link Applicant} block) is sealed.
 */
export const StoredApplicant = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('individual'), personal: Sealed }),
    z.strictObject({ type: z.literal('legal'), personal: Sealed }),
    z.strictObject({ type: z.literal('anonymous') }),
  ])
  .meta({ id: 'StoredApplicant' });
export type StoredApplicant = z.infer<typeof StoredApplicant>;

/** A computed deadline. */
export const Deadline = z
  .object({
    dueOn: LocalDate,
    dueAt: Instant,
    termDays: z.number().int().positive(),
    regime: z.enum(['working', 'calendar']),
    /**
     * true when counted across a year whose working-day calendar was not loaded (weekends and fixed-date holidays
     * only); `AppealDeadlineRecomputed` replaces it once the year is loaded
     */
    provisional: z.boolean().optional(),
  })
  .meta({ id: 'Deadline' });
export type Deadline = z.infer<typeof Deadline>;

/** Decision kinds (APPK). */
export const DecisionKind = z.enum(DECISION_KINDS);
/** Character of the answer. */
export const AnswerCharacter = z.enum(ANSWER_CHARACTERS);
/** Grounds on which a procedure may be terminated. */
export const TerminationGround = z.enum(TERMINATION_GROUNDS);
/** Outcomes of a complaint (APPK Art. 91–92). */
export const ComplaintOutcome = z.enum(COMPLAINT_OUTCOMES);
