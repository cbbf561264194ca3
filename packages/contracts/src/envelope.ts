import { z } from 'zod';
import { Actor } from './common';
import { eventSchemaUri } from './events';
import { parseStream, type StreamKind } from './streams';
import { UndecodableEventError } from './versions';

/** Topics on the bus. */
export const Topics = {
  appealEvents: 'appeals.events.v1',
  calendarEvents: 'calendars.events.v1',
  /** personal-data lifecycle (erasures); carries no personal data */
  applicantEvents: 'applicants.events.v1',
  /** what became of the notices to applicants (services/notifications); carries no personal data */
  notificationEvents: 'notifications.events.v1',
  /** weekly surges of appeals per category and region (services/projections); carries no personal data */
  surgeEvents: 'surges.events.v1',
  /** the public FAQ the press publishes (docs/faq.md); no personal data */
  faqEvents: 'faq.events.v1',
  deadLetter: 'appeals.dlq.v1',
  /** one agency's cases (see services/agency-feed) */
  agency: (agencyId: string) => `appeals.agency.${agencyId}.v1`,
} as const;

/** Metadata stored with every event. */
export const EventMetadataSchema = z.object({
  actor: Actor.optional(),
  service: z.string().optional(),
  causationId: z.string().optional(),
  correlationId: z.string().optional(),
  traceparent: z.string().optional(),
  schemaVersion: z.number().int().positive().optional(),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** The event envelope on the wire; each field maps onto CloudEvents 1.0 (see toCloudEvent). */
export const EventEnvelope = z
  .object({
    id: z.uuid(),
    type: z.string(),
    stream: z.string(),
    streamPosition: z.number().int().nonnegative(),
    globalPosition: z.number().int().positive(),
    time: z.string(),
    data: z.unknown(),
    metadata: EventMetadataSchema,
  })
  .meta({ id: 'EventEnvelope' });
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** CloudEvents 1.0 attributes (binary mode headers use the `ce_` prefix). */
export interface CloudEventAttributes {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  [extension: string]: string;
}

/** The CloudEvents `type` of an event type at a schema version: `kz.appeals.<Type>.v<version>`. */
export const cloudEventType = (type: string, version = 1): string => `kz.appeals.${type}.v${version}`;

/** A CloudEvents `type` of ours: the event type, then its schema version. */
const CLOUD_EVENT_TYPE = /^kz\.appeals\.([A-Za-z]+)\.v(\d+)$/;

/** The event type a bus message's `ce_type` header names (undefined if none): consumers skip without decoding. */
export const eventTypeOf = (headers: Readonly<Record<string, string>>): string | undefined =>
  CLOUD_EVENT_TYPE.exec(headers.ce_type ?? '')?.[1];

/** Maps an envelope onto CloudEvents attributes; extensions carry positions, actor and tracing. */
export function toCloudEvent(
  e: EventEnvelope,
  source = 'urn:appeals:eventstore',
): { attributes: CloudEventAttributes; data: unknown } {
  const attributes: CloudEventAttributes = {
    specversion: '1.0',
    id: e.id,
    source,
    type: cloudEventType(e.type, e.metadata.schemaVersion ?? 1),
    subject: e.stream,
    time: e.time,
    datacontenttype: 'application/json',
    dataschema: eventSchemaUri(e.type, e.metadata.schemaVersion ?? 1),
    streamposition: String(e.streamPosition),
    globalposition: String(e.globalPosition),
  };
  if (e.metadata.correlationId) attributes.correlationid = e.metadata.correlationId;
  if (e.metadata.causationId) attributes.causationid = e.metadata.causationId;
  if (e.metadata.traceparent) attributes.traceparent = e.metadata.traceparent;
  if (e.metadata.service) attributes.service = e.metadata.service;
  return { attributes, data: e.data };
}

/** Inverse of toCloudEvent, for consumers reading binary-mode headers. */
export function fromCloudEvent(
  attributes: Record<string, string>,
  data: unknown,
  metadata: EventMetadata,
): EventEnvelope {
  const match = CLOUD_EVENT_TYPE.exec(attributes.type ?? '');
  return EventEnvelope.parse({
    id: attributes.id,
    type: match ? match[1] : attributes.type,
    stream: attributes.subject,
    streamPosition: Number(attributes.streamposition),
    globalPosition: Number(attributes.globalposition),
    time: attributes.time,
    data,
    metadata,
  });
}

/** A bus message carrying one event: CloudEvents binary-mode headers, the envelope as the JSON value. */
export interface EventMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The topic of each stream kind other than appeals. */
const TOPIC_OF_KIND: Partial<Record<StreamKind, string>> = {
  calendar: Topics.calendarEvents,
  applicant: Topics.applicantEvents,
  notification: Topics.notificationEvents,
  surge: Topics.surgeEvents,
  faq: Topics.faqEvents,
};

/** The topic an event belongs on: appeal lifecycle events, calendars, erasures, notices sent, or the FAQ. */
export const topicForStream = (stream: string): string => {
  const kind = parseStream(stream)?.kind;
  return (kind && TOPIC_OF_KIND[kind]) ?? Topics.appealEvents;
};

/** Encodes an envelope for the bus: key = appeal id so one appeal's events stay on one partition. */
export function toEventMessage(e: EventEnvelope, topic: string = Topics.appealEvents): EventMessage {
  const { attributes } = toCloudEvent(e);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes))
    headers[k === 'traceparent' ? 'traceparent' : `ce_${k}`] = v;
  headers['content-type'] = 'application/json';
  return {
    topic,
    key: parseStream(e.stream)?.id ?? e.stream,
    value: JSON.stringify(e),
    headers,
  };
}

/**
 * Decodes and validates an event message's envelope (its payload is decoded by `decodeEvent`, which upcasts it).
 * A value that is no JSON or no envelope can never decode: UndecodableEventError, which buses quarantine.
 */
export function fromEventMessage(m: { value: string }): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(m.value);
  } catch (error) {
    throw new UndecodableEventError('invalid', '', `not JSON (${(error as Error).message})`);
  }
  const parsed = EventEnvelope.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const type = (value as { type?: unknown } | null)?.type;
  throw new UndecodableEventError(
    'invalid',
    typeof type === 'string' ? type : '',
    `envelope ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
  );
}
