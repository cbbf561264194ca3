import { anyone, only, type PolicyTable } from '@appeals/http';

/** Who may call each intake route (checked before the handler by guardedRouter); docs/security.md#identity-and-access. */
export const intakePolicy: PolicyTable = {
  'GET /api/v1/catalog': anyone(),
  'GET /api/v1/calendars/:profileId': anyone(),
  'PUT /api/v1/admin/calendars/:profileId/:year': only(['admin']),
  // citizens without an account file anonymously; only a registrar records channel and receipt time
  'POST /api/v1/appeals': only(['anonymous', 'applicant', 'registrar']),
  // crypto-shredding (ADR 0006): admins only; the subject id is not a secret, the key is
  'POST /api/v1/admin/applicants/:subjectId/erase': only(['admin']),
};
