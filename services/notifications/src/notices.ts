import type { AppealEvent, EventData, LANGUAGES, NoticeTemplate } from '@appeals/contracts';

/** A language an appeal is written in, and so its notices. */
export type Language = (typeof LANGUAGES)[number];

/** What a notice needs to know of its appeal: how it began (its first two events). */
export interface AppealStart {
  submitted: EventData<'AppealSubmitted'>;
  registered: EventData<'AppealRegistered'>;
}

/** A notice to send: which one, in which language, with which values (no personal data: that is added to send). */
export interface Notice {
  template: NoticeTemplate;
  language: Language;
  params: Record<string, string | undefined>;
}

/** What turns ids and instants into what an applicant reads. */
export interface NoticeContext {
  /** an agency's name in a language (its id when the catalog does not know it) */
  agencyName(agencyId: string, language: Language): string;
  /** the local date of an instant in the appeal's jurisdiction */
  localDate(instant: string, profileId: string): string;
  /** the case page of an appeal in the web app */
  caseUrl(appealId: string): string;
}

/** The event types that make a notice, checked against the vocabulary by the table below. */
type NoticeEvent = Extract<
  AppealEvent,
  { type: 'AppealRegistered' | 'AppealForwarded' | 'DeadlineExtended' | 'AnswerSent' | 'AppealDeemedRefused' }
>;

type ParamsOf = {
  [T in NoticeEvent['type']]: (
    data: Extract<NoticeEvent, { type: T }>['data'],
    start: AppealStart,
    context: NoticeContext,
  ) => Record<string, string | undefined>;
};

/** Which notice each event makes, and its values beyond the registration number and the case page. */
const NOTICES: { [T in NoticeEvent['type']]: NoticeTemplate } = {
  AppealRegistered: 'appeal_registered',
  AppealForwarded: 'appeal_forwarded',
  DeadlineExtended: 'deadline_extended',
  AnswerSent: 'answer_sent',
  AppealDeemedRefused: 'appeal_deemed_refused',
};

const PARAMS: ParamsOf = {
  AppealRegistered: (data) => ({ registeredOn: data.registeredOn, dueOn: data.deadline.dueOn }),
  // whole: the receiving body runs its own term; part: a linked appeal there, the rest stays here
  AppealForwarded: (data, start, context) => {
    const name = context.agencyName(data.toAgencyId, start.submitted.language);
    return data.scope === 'whole'
      ? { toAgency: name, newDueOn: data.newDeadline?.dueOn, reason: data.reason }
      : { partTo: name, part: data.partDescription ?? '—', reason: data.reason };
  },
  DeadlineExtended: (data) => ({
    newDueOn: data.newDeadline.dueOn,
    previousDueOn: data.previousDeadline.dueOn,
    reason: data.reason,
  }),
  AnswerSent: (data, start, context) => ({
    complaintUntil: context.localDate(data.complaintWindowEndsAt, start.submitted.profileId),
  }),
  AppealDeemedRefused: (data) => ({ dueOn: data.deadline.dueOn }),
};

/** True for the appeal events that make a notice to the applicant. */
export const makesNotice = (type: string): type is NoticeEvent['type'] => Object.hasOwn(NOTICES, type);

/**
 * The notice an appeal event makes for its applicant, or undefined for an event the applicant is not told about
 * (routing, assignment, drafts …). Pure: the values come from the event and how the appeal began.
 */
export function noticeFor(
  event: AppealEvent,
  start: AppealStart,
  context: NoticeContext,
): Notice | undefined {
  if (!makesNotice(event.type)) return undefined;
  const type: NoticeEvent['type'] = event.type;
  const params = (PARAMS[type] as ParamsOf[NoticeEvent['type']])(event.data as never, start, context);
  return {
    template: NOTICES[type],
    language: start.submitted.language,
    params: {
      registrationNumber: start.registered.registrationNumber,
      caseUrl: context.caseUrl(start.submitted.appealId),
      ...params,
    },
  };
}
