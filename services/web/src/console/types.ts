/** Shapes of the read API the console and the auditor's view use (GET /api/v1/...). */

import type { DuplicateReason } from '@appeals/contracts/vocabulary';
import type { AppealCore, AppealDeadline, CaseStatus, CaseSummary } from '../api/types';

/** An appeal's status: the values the citizen portal reads too. */
export type AppealStatus = CaseStatus;

/** Every status, in lifecycle order (the filters' choices). */
export { APPEAL_STATUSES as STATUSES } from '@appeals/contracts/vocabulary';

export type Sla = 'on_time' | 'due_soon' | 'overdue' | 'closed';

/** One row of an inbox or a search result: the applicant's row (without the rating) and the staff's facts. */
export interface AppealSummary extends Omit<CaseSummary, 'rating'> {
  open: boolean;
  kind: string;
  categoryId: string;
  dueOn: string | null;
  executorIds: string[];
  deemedRefused: boolean;
  answeredOnTime: boolean | null;
  sla: Sla;
}

export interface DraftView {
  draftId: string;
  text: string;
  decisionKind: string;
  answerCharacter: string;
  language: string;
  approved: boolean;
  draftedBy?: string;
  approvedBy?: string;
  at?: string;
}

/** Another appeal an appeal links to as a (possible) duplicate, as the reader may see it now. */
export interface DuplicateLink {
  appealId: string;
  registrationNumber: string;
  subject: string;
  status: AppealStatus;
  reasons?: DuplicateReason[];
  score?: number;
}

/** GET /api/v1/appeals/{id} as staff see it. */
export interface AppealDetail extends AppealCore {
  profileId: string;
  applicant: { type: 'individual' | 'legal' | 'anonymous'; fullName?: string; organisationName?: string };
  addressedAgencyId?: string;
  channel: string;
  receivedAt: string;
  forwardBy?: string;
  executorIds: string[];
  leadExecutorId?: string;
  hearing?: { held: true; heldAt: string; notes?: string } | { held: false; reason: string };
  extensions: Array<{ reason: string; previousDeadline: AppealDeadline; newDeadline: AppealDeadline }>;
  forwards: Array<{ toAgencyId: string; scope: 'whole' | 'part'; withinWindow: boolean }>;
  drafts?: Record<string, DraftView>;
  answer?: { sentAt: string; onTime: boolean; complaintWindowEndsAt: string; answerCharacter?: string };
  origin?: { type: 'direct' | 'forwarded_part' | 'complaint' };
  closedAt?: string;
  possibleDuplicates?: DuplicateLink[];
  mergedDuplicates?: DuplicateLink[];
  mergedInto?: { appealId: string; registrationNumber: string; status: AppealStatus | null };
  sla: Sla;
}

/** POST /api/v1/appeals/{id}/{action} answer. */
export interface ActionResult {
  id: string;
  status: string;
  version: number;
  events: string[];
}
