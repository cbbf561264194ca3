/** The new appeal wizard's steps, its draft, and the body it sends (POST /api/v1/appeals). */

export const STEPS = ['kind', 'topic', 'text', 'applicant', 'review'] as const;

export interface AppealDraft {
  kind: string;
  categoryId: string;
  regionKato: string;
  language: string;
  subject: string;
  text: string;
  applicantType: 'individual' | 'legal' | 'anonymous';
  fullName: string;
  iin: string;
  organisationName: string;
  bin: string;
  representative: string;
  phone: string;
  email: string;
  address: string;
}

export function emptyDraft(language: string, fullName: string): AppealDraft {
  return {
    kind: '',
    categoryId: '',
    regionKato: '',
    language,
    subject: '',
    text: '',
    applicantType: 'individual',
    fullName,
    iin: '',
    organisationName: '',
    bin: '',
    representative: '',
    phone: '',
    email: '',
    address: '',
  };
}

/** Keeps the filled-in fields only (an empty optional field is left out, not sent as ""). */
function filled(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
}

/**
 * The request body. Nothing is checked here: the API is the one judge of what is valid, and its field errors
 * are shown next to the fields. Values are sent as typed (trimmed), empty choices are left out so the API names them.
 */
export function buildSubmission(d: AppealDraft): Record<string, unknown> {
  const contact = filled({ phone: d.phone, email: d.email, address: d.address });
  const applicant =
    d.applicantType === 'anonymous'
      ? { type: 'anonymous' }
      : d.applicantType === 'legal'
        ? { type: 'legal', ...filled({ organisationName: d.organisationName, bin: d.bin, representative: d.representative }), ...contact }
        : { type: 'individual', fullName: d.fullName.trim(), ...filled({ iin: d.iin }), ...contact };
  return {
    ...filled({ kind: d.kind, categoryId: d.categoryId, regionKato: d.regionKato, language: d.language }),
    subject: d.subject.trim(),
    text: d.text.trim(),
    applicant,
  };
}

const FIELD_STEP: Record<string, (typeof STEPS)[number]> = {
  kind: 'kind',
  categoryId: 'topic',
  regionKato: 'topic',
  language: 'topic',
  addressedAgencyId: 'topic',
  subject: 'text',
  text: 'text',
  applicant: 'applicant',
};

/** The wizard step that holds an API field (`body.applicant.fullName` → the applicant step). */
export function stepOfField(field: string): number | undefined {
  const [root, name] = field.split('.');
  if (root !== 'body' || !name) return undefined;
  const step = FIELD_STEP[name];
  return step === undefined ? undefined : STEPS.indexOf(step);
}
