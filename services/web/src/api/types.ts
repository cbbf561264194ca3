/** Shapes of the API replies the shell, the citizen portal and the public page read. */

import type { AppealStatus, LANGUAGES } from '@appeals/contracts/vocabulary';

export type Lang = (typeof LANGUAGES)[number];
export type Localized = Partial<Record<Lang, string>>;

export interface Catalog {
  profile?: string;
  kinds: { code: string; name: Localized; termDays: number; regime: 'working' | 'calendar' }[];
  categories: { id: string; name: Localized; guidance?: Localized }[];
  regions: { kato: string; parent?: string; name: Localized }[];
  agencies: { id: string; parent?: string; kind: string; name: Localized }[];
}

export interface AppealDeadline {
  dueOn: string;
  dueAt: string;
  termDays: number;
  regime: 'working' | 'calendar';
}

export interface AppealEvent {
  type: string;
  at: string;
  by?: string;
  role?: string;
  service?: string;
  summary?: Record<string, unknown>;
}

/** An appeal's status (the vocabulary of @appeals/contracts). */
export type CaseStatus = AppealStatus;

/** POST /appeals reply. */
export interface Registration {
  id: string;
  registrationNumber: string;
  trackingCode: string;
  registeredAt: string;
  deadline: AppealDeadline;
}

/** What the applicant's and the staff's views of one appeal share (GET /appeals/{id}). */
export interface AppealCore {
  appealId: string;
  registrationNumber?: string;
  status: CaseStatus;
  kind: string;
  categoryId: string;
  regionKato: string;
  language: Lang;
  subject: string;
  text: string;
  agencyId?: string;
  registeredAt?: string;
  deadline?: AppealDeadline;
  deemedRefused: boolean;
  timeline: AppealEvent[];
  version: number;
}

/** GET /appeals/{id} as the applicant sees it. */
export interface CaseView extends AppealCore {
  applicantAccountId?: string;
  extensions: { reason: string; newDeadline: AppealDeadline }[];
  answer?: {
    text: string;
    decisionKind: string;
    answerCharacter: string;
    language: Lang;
    sentAt: string;
    onTime: boolean;
    complaintWindowEndsAt: string;
  };
  rating?: { score: number; comment?: string };
  sla?: string;
}

/** One row of the applicant's cabinet (GET /me/appeals). */
export interface CaseSummary {
  appealId: string;
  registrationNumber: string | null;
  status: CaseStatus;
  subject: string;
  agencyId: string | null;
  registeredAt: string | null;
  dueAt: string | null;
  answeredAt: string | null;
  rating: number | null;
}

/** A page of a list route: `total` counts the matches up to the server's count limit (10,000). */
export interface ItemsPage<T> {
  items: T[];
  total: number;
  /** false when more match than the server counts: `total` is then a lower bound */
  totalExact: boolean;
}

/** The i18n key for a page's count: `key` ("N appeals"), or `keyMore` ("more than N") when the count stopped. */
export const countKey = (key: string, page: Pick<ItemsPage<unknown>, 'totalExact'>): string =>
  page.totalExact === false ? `${key}More` : key;

/** GET /auth/dev-users (embedded mode). */
export interface DemoUser {
  sub: string;
  role: string;
  agencyId?: string;
  name: string;
}

/** GET /stats/agencies. */
export interface AgencyStats {
  agencyId: string;
  name: Localized;
  received: number;
  answered: number;
  answeredOnTime: number;
  answeredOnTimePct: number | null;
  avgAnswerDays: number | null;
  overdueNow: number;
  deemedRefused: number;
  avgRating: number | null;
  ratings: number;
}
