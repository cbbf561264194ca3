import type { AppealEventType } from '@appeals/contracts/vocabulary';
import type { AppealEvent } from '../api/types';

/** The five stages a citizen follows, and the event types that mark each. */
export const STAGES = ['registered', 'routed', 'forwarded', 'extended', 'answered'] as const;
export type Stage = (typeof STAGES)[number];

const STAGE_OF: Partial<Record<AppealEventType, Stage>> = {
  AppealRegistered: 'registered',
  AppealRouted: 'routed',
  AppealForwarded: 'forwarded',
  DeadlineExtended: 'extended',
  AnswerSent: 'answered',
};

/** Which stages a case has reached (forwarded and extended only when they happened). */
export function reachedStages(events: AppealEvent[]): Set<Stage> {
  const reached = new Set<Stage>();
  for (const e of events) {
    const stage = STAGE_OF[e.type as AppealEventType];
    if (stage) reached.add(stage);
  }
  return reached;
}

export interface EventDetail {
  /** i18n key under `timeline.detail.` */
  key: string;
  values: Record<string, string>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const dueOn = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null ? str((v as { dueOn?: unknown }).dueOn) : undefined;

/**
 * The facts of one event worth a line of text, as i18n keys with values: the agency it went to, the reason of
 * an extension and the new date, the score of a rating... Agency ids are turned into names by `agencyName`.
 */
export function eventDetails(e: AppealEvent, agencyName: (id: string) => string): EventDetail[] {
  const s = e.summary ?? {};
  const out: EventDetail[] = [];
  const add = (key: string, values: Record<string, string | undefined>) => {
    if (Object.values(values).every((v) => v !== undefined)) out.push({ key, values: values as Record<string, string> });
  };
  switch (e.type) {
    case 'AppealRegistered':
      add('number', { number: str(s.registrationNumber) });
      add('due', { date: dueOn(s.deadline) });
      break;
    case 'AppealRouted':
      add('agency', { agency: str(s.agencyId) && agencyName(s.agencyId as string) });
      break;
    case 'AppealForwarded':
      add('forwardedTo', { agency: str(s.toAgencyId) && agencyName(s.toAgencyId as string) });
      add('part', { part: str(s.partDescription) });
      add('reason', { reason: str(s.reason) });
      add('due', { date: dueOn(s.newDeadline) });
      break;
    case 'DeadlineExtended':
      add('reason', { reason: str(s.reason) });
      add('due', { date: dueOn(s.newDeadline) });
      break;
    case 'AppealReopened':
      add('reason', { reason: str(s.reason) });
      add('due', { date: dueOn(s.newDeadline) });
      break;
    case 'AppealNeedsTriage':
    case 'HearingWaived':
    case 'AppealWithdrawn':
    case 'ComplaintFiled':
      add('reason', { reason: str(s.reason) });
      break;
    case 'AnswerRated':
      add('score', { score: typeof s.score === 'number' ? String(s.score) : undefined });
      add('comment', { comment: str(s.comment) });
      break;
    case 'AppealTerminated':
      add('ground', { ground: str(s.ground) });
      break;
  }
  return out;
}
