import { isOpenStatus } from '@appeals/contracts/vocabulary';
import type { CaseView } from '../api/types';

export interface CaseActions {
  rate: boolean;
  reopen: boolean;
  complain: boolean;
  withdraw: boolean;
  /** when the window for a complaint (and a reopening) closes, if known */
  windowEndsAt?: string;
}

/**
 * What the applicant may do next, by the same rules the API applies (the API stays the judge):
 * rate an answered appeal; reopen it after rating it 1 or 2, within the complaint window;
 * complain within the window (after an answer, a termination or a deemed refusal); withdraw while it is open.
 */
export function caseActions(c: CaseView, now: Date, isApplicant: boolean): CaseActions {
  const none: CaseActions = { rate: false, reopen: false, complain: false, withdraw: false };
  if (!isApplicant) return none;
  const windowEndsAt = c.answer?.complaintWindowEndsAt;
  const inWindow = windowEndsAt ? now.getTime() <= Date.parse(windowEndsAt) : false;
  const answered = c.status === 'answered';
  return {
    rate: answered,
    reopen: answered && inWindow && c.rating !== undefined && c.rating.score <= 2,
    complain: (answered && inWindow) || c.status === 'terminated' || (c.deemedRefused && c.status !== 'withdrawn'),
    withdraw: isOpenStatus(c.status),
    ...(windowEndsAt ? { windowEndsAt } : {}),
  };
}
