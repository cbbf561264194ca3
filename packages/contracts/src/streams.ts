/**
 * Stream ids: the one place that knows how the event store names its streams. `appeal-<appealId>` holds an
 * appeal's lifecycle, `applicant-<subjectId>` an applicant's personal-data lifecycle (erasure),
 * `calendar-<profileId>` a jurisdiction's loaded calendar years, `notification-<appealId>` the notices sent to
 * an appeal's applicant (services/notifications), `surge-<categoryId>.<regionKato>` the weekly surges of one
 * category in one region (services/projections' surge watch), and `faq-<entryId>` one public question and answer
 * the press published (docs/faq.md).
 */
export const StreamKinds = ['appeal', 'applicant', 'calendar', 'notification', 'surge', 'faq'] as const;
export type StreamKind = (typeof StreamKinds)[number];

const streamOf =
  (kind: StreamKind) =>
  (id: string): string => {
    if (id.length === 0) throw new TypeError(`${kind} stream: the id must not be empty`);
    return `${kind}-${id}`;
  };

/** Stream id of one appeal: `appeal-<id>`. */
export const appealStream = streamOf('appeal');
/** Stream id of one applicant's personal-data events: `applicant-<subjectId>`. */
export const applicantStream = streamOf('applicant');
/** Stream id of one jurisdiction profile's calendar years: `calendar-<profileId>`. */
export const calendarStream = streamOf('calendar');
/** Stream id of the notices sent to one appeal's applicant: `notification-<appealId>`. */
export const notificationStream = streamOf('notification');
/** Stream id of the surges of one category in one region: `surge-<categoryId>.<regionKato>`. */
export const surgeStream = (categoryId: string, regionKato: string): string =>
  streamOf('surge')(`${categoryId}.${regionKato}`);
/** Stream id of one public FAQ entry: `faq-<entryId>`. */
export const faqStream = streamOf('faq');

/** The kind and id of a stream id, or undefined for a stream of no known kind. */
export function parseStream(streamId: string): { kind: StreamKind; id: string } | undefined {
  const dash = streamId.indexOf('-');
  const kind = streamId.slice(0, dash) as StreamKind;
  const id = streamId.slice(dash + 1);
  return dash > 0 && id.length > 0 && StreamKinds.includes(kind) ? { kind, id } : undefined;
}

/** The appeal id inside an appeal stream id, or undefined for any other stream. */
export const streamIdToAppealId = (streamId: string): string | undefined => {
  const parsed = parseStream(streamId);
  return parsed?.kind === 'appeal' ? parsed.id : undefined;
};

/** True for stream ids made by {@link appealStream}. */
export const isAppealStream = (streamId: string): boolean => streamIdToAppealId(streamId) !== undefined;
