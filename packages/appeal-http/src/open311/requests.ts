import {
  AppealId,
  Instant,
  OPEN311_STATUS_OF,
  OPEN311_STATUSES,
  type AppealStatus,
  type SubmitAppealBody,
} from '@appeals/contracts';
import { notFound, validationProblem, type FieldError } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { z } from 'zod';
import type { Open311Language } from './services';

/** What the edge files an Open311 request with when the client does not say (set per deployment). */
export interface Open311Defaults {
  /** KATO of the region a request without `attribute[region]` (or a KATO `jurisdiction_id`) is filed in */
  defaultRegion?: string | undefined;
  /** the kind of appeal of a request without `attribute[kind]` (one of the profile's kinds) */
  defaultKind: string;
  /** the language of a request's text without `attribute[language]`, and of service names */
  language: Open311Language;
}

/** An empty field is an absent one: clients send every field of their form, filled or not. */
const blankIsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);
const optionalText = (max: number) => blankIsAbsent(z.string().trim().max(max).optional());
const coordinate = (bound: number) =>
  blankIsAbsent(
    z
      .string()
      .trim()
      .regex(/^-?\d{1,3}(\.\d+)?$/, 'expected decimal degrees')
      .transform(Number)
      .pipe(z.number().min(-bound).max(bound))
      .optional(),
  );

/**
 * The form of `POST requests.json` (GeoReport v2): flat string fields, `attribute[code]` for the definition's
 * attributes. Fields the platform does not keep (`device_id`, `account_id`, `address_id`, `media_url`) are accepted
 * and left out; unknown fields are ignored, as Open311 servers do.
 */
export const Open311RequestForm = z
  .looseObject({
    api_key: z.string().min(1, 'required'),
    service_code: z.string().min(1, 'required').max(64),
    jurisdiction_id: optionalText(64),
    lat: coordinate(90),
    long: coordinate(180),
    address_string: optionalText(500),
    email: optionalText(254),
    first_name: optionalText(100),
    last_name: optionalText(100),
    phone: optionalText(32),
    description: optionalText(20000),
  })
  .meta({ id: 'Open311RequestForm' });
export type Open311RequestForm = z.infer<typeof Open311RequestForm>;

/** Where each field of the filing comes from in the form, so a refusal names what the Open311 client sent. */
const FORM_FIELD_OF: Readonly<Record<string, string>> = {
  kind: 'attribute[kind]',
  categoryId: 'service_code',
  subject: 'service_code',
  regionKato: 'attribute[region]',
  language: 'attribute[language]',
  text: 'description',
  'applicant.fullName': 'last_name',
  'applicant.email': 'email',
  'applicant.phone': 'phone',
  'location.lat': 'lat',
  'location.long': 'long',
  'location.address': 'address_string',
  location: 'lat',
};

/** A filing's field (`body.applicant.email`) as the Open311 form names it (`email`). */
export const formFieldOf = (field: string): string => {
  const path = field.replace(/^body\./, '');
  return FORM_FIELD_OF[path] ?? path;
};

const attribute = (form: Open311RequestForm, code: string): string | undefined => {
  const value = (form as Record<string, unknown>)[`attribute[${code}]`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** The region: `attribute[region]`, else a `jurisdiction_id` that is a region's KATO, else the default. */
function regionOf(form: Open311RequestForm, catalog: Catalog, defaults: Open311Defaults): string | undefined {
  const given = attribute(form, 'region');
  if (given !== undefined) return given;
  const jurisdiction = form.jurisdiction_id;
  if (jurisdiction !== undefined && catalog.hasRegion(jurisdiction)) return jurisdiction;
  return defaults.defaultRegion;
}

/** The applicant: named by first/last name (with contacts), else anonymous; contacts without a name are refused. */
function applicantOf(form: Open311RequestForm): SubmitAppealBody['applicant'] {
  const fullName = [form.first_name, form.last_name].filter((part) => part).join(' ');
  const phone = form.phone?.replace(/[\s().-]/g, '') || undefined;
  const email = form.email || undefined;
  if (!fullName) {
    if (phone === undefined && email === undefined) return { type: 'anonymous' };
    throw validationProblem([
      {
        field: 'last_name',
        message: 'required with an email or phone: an appeal names its applicant, or is anonymous',
      },
    ]);
  }
  return { type: 'individual', fullName, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/**
 * The appeal an Open311 request files, before the filing's own checks (schema, catalog): the service is the
 * category (its name is the subject line, so nothing the citizen wrote is kept in clear), the description the text,
 * the point and address the sealed location. Throws a 404 for an unknown service, a 400 naming the form's field when
 * the region is unknown.
 */
export function submissionOf(
  form: Open311RequestForm,
  catalog: Catalog,
  defaults: Open311Defaults,
): Record<string, unknown> {
  const language = attribute(form, 'language') ?? defaults.language;
  const category = catalog.data.categories.find((c) => c.id === form.service_code);
  const regionKato = regionOf(form, catalog, defaults);
  // GeoReport v2: "404 - service_code or jurisdiction_id was not found"
  if (!category)
    throw notFound(`No service "${form.service_code}".`, {
      errors: [{ field: 'service_code', message: `unknown service "${form.service_code}"` }],
    });
  const errors: FieldError[] = [];
  if (regionKato === undefined)
    errors.push({ field: 'attribute[region]', message: 'required: this endpoint has no default region' });
  if (errors.length) throw validationProblem(errors);
  const names = category.name as Record<string, string>;
  const location = {
    ...(form.lat !== undefined ? { lat: form.lat } : {}),
    ...(form.long !== undefined ? { long: form.long } : {}),
    ...(form.address_string ? { address: form.address_string } : {}),
  };
  return {
    kind: attribute(form, 'kind') ?? defaults.defaultKind,
    categoryId: category.id,
    regionKato,
    language,
    subject: names[language] ?? category.name.en,
    text: form.description ?? '',
    applicant: applicantOf(form),
    ...(Object.keys(location).length > 0 ? { location } : {}),
  };
}

/** A comma-separated list of values each `item` accepts (`status=open,closed`). */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(100));

/** The filters of `GET requests.json` (GeoReport v2); other parameters (`jurisdiction_id`, paging) are ignored. */
export const Open311RequestsQuery = z
  .looseObject({
    service_request_id: commaList(AppealId).optional(),
    service_code: commaList(z.string().min(1).max(64)).optional(),
    start_date: Instant.optional(),
    end_date: Instant.optional(),
    status: commaList(z.enum(OPEN311_STATUSES)).optional(),
  })
  .meta({ id: 'Open311RequestsQuery' });
export type Open311RequestsQuery = z.infer<typeof Open311RequestsQuery>;

/** What the read views hold of one appeal that an Open311 request shows (the summary view; no personal data). */
export interface SummaryForOpen311 {
  appealId: string;
  status: string;
  categoryId: string;
  agencyId: string | null;
  registeredAt: string | null;
  dueAt: string | null;
  updatedAt: string;
}

/**
 * One appeal as a GeoReport v2 service request. Public, so it holds nothing the applicant wrote or gave: no
 * description, no address or point (sealed), no media; the status notes carry our status word.
 */
export function toServiceRequest(summary: SummaryForOpen311, catalog: Catalog, language: Open311Language) {
  const category = catalog.data.categories.find((c) => c.id === summary.categoryId);
  const agency = summary.agencyId === null ? undefined : catalog.agency(summary.agencyId);
  return {
    service_request_id: summary.appealId,
    status: OPEN311_STATUS_OF[summary.status as AppealStatus] ?? 'open',
    status_notes: summary.status,
    service_name: category?.name[language] ?? summary.categoryId,
    service_code: summary.categoryId,
    agency_responsible: agency?.name[language] ?? '',
    service_notice: '',
    requested_datetime: summary.registeredAt,
    updated_datetime: summary.updatedAt,
    expected_datetime: summary.dueAt,
  };
}
