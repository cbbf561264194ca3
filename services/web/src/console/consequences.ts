import {
  addTerm,
  builtinYearCalendars,
  CalendarBook,
  createDeadlinePolicy,
  endOfLocalDay,
  getProfile,
  toLocalDate,
  type DeadlinePolicy,
} from '@appeals/calendar';
import type { AppealDetail } from './types';

/** A value a consequence line shows: formatted by the page in the reader's language. */
export type Value =
  | { date: string }
  | { instant: string }
  | { agency: string }
  | { lang: string }
  | { text: string }
  | { days: number };

/** One line of the confirmation step: an i18n key of the `console` namespace and its values. */
export interface Consequence {
  key: string;
  values?: Record<string, Value>;
  warning?: boolean;
}

/**
 * The deadline rules of a jurisdiction profile over the calendar years the server has loaded
 * (GET /api/v1/calendars/{profileId}) — the same pure code the decider runs, so a preview equals the outcome.
 */
export function policyFor(profileId: string, years: readonly unknown[]): Rules {
  // the server's years (admin-loaded ones included) replace the shipped ones of the same year
  const book = new CalendarBook([...builtinYearCalendars, ...years]);
  const policy = createDeadlinePolicy(getProfile(profileId), book);
  return Object.assign(policy, {
    notifyBy(today: string) {
      const within = policy.profile.extension.notifyApplicantWithin;
      return within ? { days: within.days, dueOn: addTerm(book, policy.profile, today, within) } : undefined;
    },
  });
}

/** The deadline policy plus the extension's notice term. */
export type Rules = DeadlinePolicy & {
  /** the last day to tell the applicant of an extension decided `today`, when the profile sets a term */
  notifyBy(today: string): { days: number; dueOn: string } | undefined;
};

const localDay = (p: Rules, instant: Date | string) => toLocalDate(new Date(instant), p.profile);

/** Registration of a paper or oral appeal received at `receivedAt`: when it counts as registered, its deadlines. */
export function registrationPreview(p: Rules, kind: string, receivedAt: Date, now: Date): Consequence[] {
  if (receivedAt.getTime() > now.getTime()) return [{ key: 'cq.receivedInFuture', warning: true }];
  const reg = p.registration(receivedAt);
  const due = p.deadline(reg.registeredOn, kind);
  const forwardBy = p.forwardingDeadline(reg.registeredOn);
  return [
    reg.deferred
      ? {
          key: 'cq.registeredNextWorkingDay',
          values: {
            cutoff: { text: p.profile.registrationCutoff },
            at: { instant: reg.registeredAt.toISOString() },
          },
        }
      : { key: 'cq.registeredSameDay', values: { on: { date: reg.registeredOn } } },
    {
      key: due.regime === 'working' ? 'cq.deadlineWorking' : 'cq.deadlineCalendar',
      values: { days: { days: due.termDays }, dueOn: { date: due.dueOn } },
    },
    { key: 'cq.forwardWindow', values: { at: { instant: forwardBy.dueAt.toISOString() } } },
    ...(localDay(p, now) !== localDay(p, receivedAt) ? [{ key: 'cq.keepsReceivedDate' }] : []),
  ];
}

const keepsDeadline = (a: AppealDetail): Consequence[] =>
  a.deadline ? [{ key: 'cq.deadlineStays', values: { dueOn: { date: a.deadline.dueOn } } }] : [];

/** Routing to an agency (registrar). */
export function routeConsequences(a: AppealDetail, agencyId: string): Consequence[] {
  return [{ key: 'cq.routedTo', values: { agency: { agency: agencyId } } }, ...keepsDeadline(a)];
}

/** Sending to the triage desk (registrar). */
export function triageConsequences(a: AppealDetail): Consequence[] {
  return [{ key: 'cq.triage' }, ...keepsDeadline(a)];
}

/** Forwarding the whole appeal or a part of it to the competent body. */
export function forwardConsequences(
  p: Rules,
  a: AppealDetail,
  toAgencyId: string,
  scope: 'whole' | 'part',
  now: Date,
): Consequence[] {
  const out: Consequence[] = [];
  if (a.forwardBy) {
    const within = now.getTime() <= Date.parse(a.forwardBy);
    out.push({
      key: within ? 'cq.forwardWithinWindow' : 'cq.forwardLate',
      values: { at: { instant: a.forwardBy } },
      warning: !within,
    });
  }
  out.push({ key: 'cq.applicantNotifiedNow' });
  if (scope === 'whole') {
    const reg = p.registration(now);
    const due = p.deadline(reg.registeredOn, a.kind);
    out.push(
      {
        key: due.regime === 'working' ? 'cq.newTermWorking' : 'cq.newTermCalendar',
        values: {
          agency: { agency: toAgencyId },
          on: { date: reg.registeredOn },
          days: { days: due.termDays },
          dueOn: { date: due.dueOn },
        },
      },
      { key: 'cq.forwardClearsWork' },
    );
  } else {
    out.push({ key: 'cq.partLinked', values: { agency: { agency: toAgencyId } } }, ...keepsDeadline(a));
  }
  return out;
}

/** Assigning executors. */
export function assignConsequences(a: AppealDetail, lead: string): Consequence[] {
  return [{ key: 'cq.assigned', values: { lead: { text: lead } } }, ...keepsDeadline(a)];
}

/** The latest due date an extension may set for this appeal. */
export function maxExtension(p: Rules, a: AppealDetail): string | undefined {
  if (!a.registeredAt) return undefined;
  return p.maxExtendedDeadline(localDay(p, a.registeredAt), a.kind).dueOn;
}

/** Extending the deadline to `newDueOn` (YYYY-MM-DD), by reasoned decision of the head or approver. */
export function extendConsequences(p: Rules, a: AppealDetail, newDueOn: string, now: Date): Consequence[] {
  const max = maxExtension(p, a);
  const old = a.deadline?.dueOn;
  const out: Consequence[] = [];
  if (old && newDueOn <= old)
    out.push({ key: 'cq.extendNotLater', values: { dueOn: { date: old } }, warning: true });
  else if (max && newDueOn > max)
    out.push({ key: 'cq.extendTooLong', values: { max: { date: max } }, warning: true });
  else
    out.push({
      key: 'cq.deadlineMoves',
      values: {
        from: { date: old ?? '' },
        to: { date: newDueOn },
        at: { instant: endOfLocalDay(newDueOn, p.profile).toISOString() },
      },
    });
  if (max) out.push({ key: 'cq.extendMax', values: { max: { date: max } } });
  const notify = p.notifyBy(localDay(p, now));
  out.push(
    notify
      ? { key: 'cq.extendNotify', values: { by: { date: notify.dueOn }, days: { days: notify.days } } }
      : { key: 'cq.applicantNotifiedNow' },
  );
  return out;
}

/** Recording that the applicant was heard, or why not. */
export function hearingConsequences(a: AppealDetail): Consequence[] {
  return [{ key: 'cq.hearingAllowsAdverse' }, ...keepsDeadline(a)];
}

const isAdverse = (answerCharacter: string, decisionKind: string) =>
  answerCharacter === 'refused' || decisionKind === 'burdensome_act';

/** Languages an answer may be written in: the state language or the language of the appeal. */
export function answerLanguages(p: Rules, a: AppealDetail): string[] {
  return [...new Set([p.profile.stateLanguage, a.language])];
}

/** Drafting the answer. */
export function draftConsequences(
  p: Rules,
  a: AppealDetail,
  draft: { language: string; answerCharacter: string; decisionKind: string },
): Consequence[] {
  const out: Consequence[] = [];
  if (!answerLanguages(p, a).includes(draft.language))
    out.push({
      key: 'cq.languageRule',
      values: { state: { lang: p.profile.stateLanguage }, appeal: { lang: a.language } },
      warning: true,
    });
  if (isAdverse(draft.answerCharacter, draft.decisionKind) && !a.hearing)
    out.push({ key: 'cq.adverseNeedsHearing', warning: true });
  out.push({ key: 'cq.draftNotSent' }, ...keepsDeadline(a));
  return out;
}

/** Approving a draft. */
export function approveConsequences(a: AppealDetail): Consequence[] {
  return [{ key: 'cq.approved' }, ...keepsDeadline(a)];
}

/** Sending the approved answer now. */
export function sendConsequences(p: Rules, a: AppealDetail, now: Date): Consequence[] {
  const out: Consequence[] = [{ key: 'cq.answerDelivered' }];
  if (a.deadline) {
    const onTime = now.getTime() <= Date.parse(a.deadline.dueAt);
    out.push({
      key: onTime ? 'cq.answerOnTime' : 'cq.answerLate',
      values: { dueOn: { date: a.deadline.dueOn } },
      warning: !onTime,
    });
  }
  out.push({
    key: 'cq.complaintWindow',
    values: { until: { date: p.complaintWindowEnd(now).dueOn } },
  });
  return out;
}

/** Terminating the procedure on a ground. */
export function terminateConsequences(p: Rules, a: AppealDetail, ground: string, now: Date): Consequence[] {
  const out: Consequence[] = [];
  if (ground === 'anonymous' && a.applicant.type !== 'anonymous')
    out.push({ key: 'cq.notAnonymous', warning: true });
  out.push(
    { key: 'cq.terminated' },
    { key: 'cq.complaintWindow', values: { until: { date: p.complaintWindowEnd(now).dueOn } } },
  );
  return out;
}
