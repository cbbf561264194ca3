/** Shapes of the read API the console and the auditor's view use (GET /api/v1/...). */

import type { AppealDeadline, AppealEvent, CaseStatus, Lang } from '../api/types';

/** An appeal's status: the values the citizen portal reads too. */
export type AppealStatus = CaseStatus;

export const STATUSES: AppealStatus[] = [
  'registered',
  'needs_triage',
  'routed',
  'in_progress',
  'answered',
  'terminated',
  'withdrawn',
];

export type Sla = 'on_time' | 'due_soon' | 'overdue' | 'closed';

/** One row of an inbox or a search result. */
export interface AppealSummary {
  appealId: string;
  registrationNumber: string | null;
  status: AppealStatus;
  open: boolean;
  kind: string;
  categoryId: string;
  subject: string;
  agencyId: string | null;
  registeredAt: string | null;
  dueOn: string | null;
  dueAt: string | null;
  executorIds: string[];
  deemedRefused: boolean;
  answeredAt: string | null;
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

/** GET /api/v1/appeals/{id} as staff see it. */
export interface AppealDetail {
  appealId: string;
  registrationNumber?: string;
  status: AppealStatus;
  profileId: string;
  kind: string;
  categoryId: string;
  regionKato: string;
  language: Lang;
  subject: string;
  text: string;
  applicant: { type: 'individual' | 'legal' | 'anonymous'; fullName?: string; organisationName?: string };
  agencyId?: string;
  addressedAgencyId?: string;
  channel: string;
  receivedAt: string;
  registeredAt?: string;
  deadline?: AppealDeadline;
  forwardBy?: string;
  executorIds: string[];
  leadExecutorId?: string;
  hearing?: { held: true; heldAt: string; notes?: string } | { held: false; reason: string };
  extensions: Array<{ reason: string; previousDeadline: AppealDeadline; newDeadline: AppealDeadline }>;
  forwards: Array<{ toAgencyId: string; scope: 'whole' | 'part'; withinWindow: boolean }>;
  drafts?: Record<string, DraftView>;
  answer?: { sentAt: string; onTime: boolean; complaintWindowEndsAt: string; answerCharacter?: string };
  deemedRefused: boolean;
  origin?: { type: 'direct' | 'forwarded_part' | 'complaint' };
  closedAt?: string;
  timeline: AppealEvent[];
  version: number;
  sla: Sla;
}

/** POST /api/v1/appeals/{id}/{action} answer. */
export interface ActionResult {
  id: string;
  status: string;
  version: number;
  events: string[];
}
