import { open311Rows } from '@appeals/appeal-http';
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

/**
 * The intake half of Open311 GeoReport v2 at /open311/v2 (ADR "Open311"), a table of its own: its contract is the
 * GeoReport v2 specification, not /openapi.json. The service list is public; a filing's credential is its api_key
 * (the key registry, OPEN311_API_KEYS: an unknown key is a 403), and a bearer token sent too files as that caller.
 */
export const intakeOpen311Policy: PolicyTable = {
  ...open311Rows(['GET /open311/v2/services', 'GET /open311/v2/services/:serviceCode'], anyone()),
  ...open311Rows(
    ['POST /open311/v2/requests'],
    only(['anonymous', 'applicant', 'registrar'], 'api_key in the Open311 key registry; otherwise 403'),
  ),
};
