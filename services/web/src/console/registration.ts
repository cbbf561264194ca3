import { fromLocalInput } from './format';

// The registrar's form of a paper or oral appeal, and the body of POST /appeals it makes.

export type ApplicantType = 'individual' | 'legal' | 'anonymous';

/** What the registrar types, as strings (the receipt time as a local datetime-local value). */
export interface RegistrationForm {
  channel: string;
  receivedAt: string;
  kind: string;
  categoryId: string;
  regionKato: string;
  language: string;
  subject: string;
  text: string;
  applicantType: ApplicantType;
  fullName: string;
  iin: string;
  phone: string;
  address: string;
  bin: string;
  organisationName: string;
  representative: string;
  /** the agency the appeal is addressed to; empty: the routing rules decide */
  addressed: string;
}

/** An empty form: a paper application received at `receivedAt`, addressed to the registrar's agency. */
export const blankRegistration = (receivedAt: string, addressed: string): RegistrationForm => ({
  channel: 'paper',
  receivedAt,
  kind: 'application',
  categoryId: '',
  regionKato: '',
  language: 'kk',
  subject: '',
  text: '',
  applicantType: 'individual',
  fullName: '',
  iin: '',
  phone: '',
  address: '',
  bin: '',
  organisationName: '',
  representative: '',
  addressed,
});

const opt = (k: string, v: string) => (v.trim() ? { [k]: v.trim() } : {});

/** The applicant block: trimmed, optional fields left out when empty. */
function applicantOf(f: RegistrationForm): Record<string, string> {
  if (f.applicantType === 'anonymous') return { type: 'anonymous' };
  const contact = { ...opt('phone', f.phone), ...opt('address', f.address) };
  if (f.applicantType === 'legal')
    return {
      type: 'legal',
      bin: f.bin.trim(),
      organisationName: f.organisationName.trim(),
      representative: f.representative.trim(),
      ...contact,
    };
  return { type: 'individual', fullName: f.fullName.trim(), ...opt('iin', f.iin), ...contact };
}

/** The body of POST /appeals; the receipt time in the jurisdiction's offset (as typed when it does not parse). */
export const registrationBody = (f: RegistrationForm, offsetMinutes: number) => ({
  kind: f.kind,
  categoryId: f.categoryId,
  regionKato: f.regionKato,
  language: f.language,
  subject: f.subject.trim(),
  text: f.text.trim(),
  applicant: applicantOf(f),
  channel: f.channel,
  receivedAt: fromLocalInput(f.receivedAt, offsetMinutes) ?? f.receivedAt,
  ...(f.addressed ? { addressedAgencyId: f.addressed } : {}),
});
