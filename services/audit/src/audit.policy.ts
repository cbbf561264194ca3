import { only, type PolicyTable } from '@appeals/http';

/** Who may call each audit route: auditors (read-only, across agencies) and admins. */
export const auditPolicy: PolicyTable = {
  'GET /api/v1/audit/appeals/:id/history': only(['auditor', 'admin']),
  'GET /api/v1/audit/appeals/:id/state': only(['auditor', 'admin']),
  'GET /api/v1/audit/appeals/:id/verify': only(['auditor', 'admin']),
  'GET /api/v1/audit/chain': only(['auditor', 'admin']),
};
