import { APPEAL_SCOPE } from '@appeals/appeal-application';
import { open311Rows } from '@appeals/appeal-http';
import { FAQ_ROLES } from '@appeals/contracts';
import { CALLERS, anyone, only, type PolicyTable } from '@appeals/http';

/** Everyone who may ask for one appeal; the press reads public statistics only. */
const appealReaders = CALLERS.filter((caller) => caller !== 'press');

/** Who may call each projections route (checked before the handler), and the object check the handler makes. */
export const projectionsPolicy: PolicyTable = {
  // the registration number and the tracking code together are the credential
  'GET /api/v1/appeals/lookup': anyone('registration number and tracking code match; otherwise 404'),
  'GET /api/v1/appeals/:id': only(appealReaders, APPEAL_SCOPE, 404),
  'GET /api/v1/appeals/:id/events': only(appealReaders, APPEAL_SCOPE, 404),
  'GET /api/v1/me/appeals': only(['applicant'], 'the caller’s own appeals only'),
  // agency ids are public (catalog), so a refusal is a plain 403
  'GET /api/v1/agencies/:agencyId/inbox': only(
    ['registrar', 'executor', 'approver', 'head', 'auditor', 'admin'],
    'the agency is the caller’s own or below it (staff); any agency for auditor/admin; otherwise 403',
    403,
  ),
  // staff see their own agency's subtree (a named agency outside it is a 403: agency ids are public); auditors all
  'GET /api/v1/appeals': only(
    ['registrar', 'executor', 'approver', 'head', 'auditor', 'admin'],
    'results limited to the caller’s agency subtree (staff); an agency outside it: 403',
    403,
  ),
  'GET /api/v1/stats/agencies': anyone('public figures per agency, no personal data'),
  // what society is asking about: aggregates of every agency's appeals, names and numbers masked (ADR topics and surges)
  'GET /api/v1/analytics/topics': only(
    ['press', 'head', 'admin'],
    'aggregates over all agencies (agencyId narrows to a subtree): terms, counts, masked example subjects',
    403,
  ),
  'GET /api/v1/analytics/surges': only(
    ['press', 'head', 'admin'],
    'counts per category and region only',
    403,
  ),
  // open data (docs/open-data.md): anonymised monthly figures, small cells suppressed
  'GET /api/v1/open-data/monthly.json': anyone('public figures, cells under 5 appeals suppressed'),
  'GET /api/v1/open-data/monthly.csv': anyone('public figures, cells under 5 appeals suppressed'),
  'GET /api/v1/open-data/monthly.schema.json': anyone(),
  // the public FAQ (docs/faq.md): the press's wording and counts only
  'GET /api/v1/faq': anyone('published entries only: the press’s wording and how many appeals each answers'),
  'GET /api/v1/faq/candidates': only(
    FAQ_ROLES,
    'answered appeals: subject and the answer sent only, never the applicant, the text or a remark',
  ),
  'POST /api/v1/admin/projections/rebuild': only(['admin']),
  'GET /api/v1/admin/projections/rebuild/:id': only(['admin']),
};

/**
 * The read half of Open311 GeoReport v2 at /open311/v2 (ADR "Open311"), a table of its own (its contract is the
 * GeoReport v2 specification): public, like the standard's reads, showing only what identifies nobody.
 */
export const projectionsOpen311Policy: PolicyTable = open311Rows(
  ['GET /open311/v2/requests', 'GET /open311/v2/requests/:id', 'GET /open311/v2/tokens/:token'],
  anyone('public fields only: no description, address, point or applicant'),
);
