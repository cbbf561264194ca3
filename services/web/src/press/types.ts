/** Shapes of GET /analytics/topics and /analytics/surges (services/projections, analytics.http.ts). */

export interface PeriodView {
  label: string;
  start: string;
  end: string;
  days: number;
}

export interface Topic {
  id: string;
  language: 'kk' | 'ru' | 'en';
  terms: string[];
  count: number;
  previousCount: number;
  changePct: number | null;
  trend: 'up' | 'down' | 'steady' | 'new';
  examples: string[];
  categories: { categoryId: string; count: number }[];
}

export interface TopicsReply {
  generatedAt: string;
  period: PeriodView & { kind: 'week' | 'month' };
  previous: PeriodView;
  appeals: number;
  previousAppeals: number;
  topics: Topic[];
}

export interface Surge {
  categoryId: string;
  regionKato: string;
  week: string;
  direction: 'up' | 'down';
  observed: number;
  expected: number;
  pValue: number;
  baseline: { week: string; count: number }[];
}

export interface SurgesReply {
  generatedAt: string;
  week: PeriodView & { complete: boolean };
  method: string;
  alpha: number;
  baselineWeeks: string[];
  cells: number;
  surges: Surge[];
}
