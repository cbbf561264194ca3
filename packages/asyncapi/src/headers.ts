import { toDeadLetter, toQuarantineMessage, type DeliveredMessage } from '@appeals/bus';
import { cloudEventType, eventSchemaUri, toEventMessage, type EventEnvelope } from '@appeals/contracts';
import type { JsonSchema } from './schemas';

// Kafka headers of each kind of message, as JSON Schemas. The header NAMES are not typed here: they are read off
// what the code writes (`toEventMessage` of the contracts, `toDeadLetter` / `toQuarantineMessage` of the bus), so a
// header added there shows up here, and a test fails until it has a description below.

/** What each header means; every header the code writes must have a line here (a test checks). */
export const HEADER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ce_specversion: 'CloudEvents spec version',
  ce_id: 'the event id (UUID); a redelivery repeats it, so consumers de-duplicate by it',
  ce_source: 'where the event was recorded: the platform event store',
  ce_type: 'kz.appeals.<EventType>.v<schema version> (the version the payload was WRITTEN at)',
  ce_subject: 'the event stream, `appeal-<appeal id>` for appeal events',
  ce_time: 'when the event was recorded (ISO 8601)',
  ce_datacontenttype: 'the value is JSON',
  ce_dataschema: 'urn:appeals:events:<EventType>:v<schema version>',
  ce_streamposition: 'position of the event in its stream (0-based, decimal)',
  ce_globalposition: 'position of the event in the global log (1-based, decimal)',
  ce_correlationid: 'CloudEvents extension: the request or process the event belongs to',
  ce_causationid: 'CloudEvents extension: the event or command that caused this one',
  ce_service: 'CloudEvents extension: the service that wrote the event',
  traceparent: 'W3C trace context of the write (https://www.w3.org/TR/trace-context/)',
  'content-type': 'the value is JSON',
  'x-error':
    'one line: why the handler failed (dead letter) or why the message cannot be decoded (quarantine)',
  'x-original-topic': 'the topic the message was delivered from',
  'x-original-partition': 'its partition there (decimal)',
  'x-original-offset': 'its offset there (decimal)',
  'x-attempts': 'deliveries tried before it was dead-lettered (decimal)',
  'x-group-id': 'the consumer group that could not decode it',
};

/** Headers whose value is the same on every message of the platform. */
const FIXED_HEADERS = ['ce_specversion', 'ce_source', 'ce_datacontenttype', 'content-type'];

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** An envelope as the relay publishes it; `full` also sets every optional metadata field that becomes a header. */
const sampleEnvelope = (type: string, version: number, full: boolean): EventEnvelope => ({
  id: SAMPLE_ID,
  type,
  stream: `appeal-${SAMPLE_ID}`,
  streamPosition: 0,
  globalPosition: 1,
  time: '2026-01-01T00:00:00.000Z',
  data: {},
  metadata: {
    schemaVersion: version,
    ...(full
      ? {
          correlationId: 'c',
          causationId: 'c',
          service: 's',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        }
      : {}),
  },
});

const headerSchema = (name: string): JsonSchema => {
  const description = HEADER_DESCRIPTIONS[name];
  return { type: 'string', ...(description === undefined ? {} : { description }) };
};

/** The header names the code writes on an event message: always, and only when the metadata has them. */
export function eventHeaderNames(): { required: string[]; optional: string[] } {
  const required = Object.keys(toEventMessage(sampleEnvelope('AppealRouted', 1, false)).headers);
  const all = Object.keys(toEventMessage(sampleEnvelope('AppealRouted', 1, true)).headers);
  return { required, optional: all.filter((name) => !required.includes(name)) };
}

/** The CloudEvents binary-mode headers of one event type at one schema version. */
export function cloudEventHeaders(type: string, version: number): JsonSchema {
  const { required, optional } = eventHeaderNames();
  const sample = toEventMessage(sampleEnvelope(type, version, false)).headers;
  const properties: Record<string, JsonSchema> = {};
  for (const name of [...required, ...optional]) properties[name] = headerSchema(name);
  for (const name of FIXED_HEADERS) properties[name] = { ...properties[name], const: sample[name] };
  properties.ce_type = { ...properties.ce_type, const: cloudEventType(type, version) };
  properties.ce_dataschema = { ...properties.ce_dataschema, const: eventSchemaUri(type, version) };
  return { type: 'object', properties, required };
}

const sampleDelivery: DeliveredMessage = {
  topic: 't',
  partition: 0,
  offset: 0,
  key: 'k',
  value: '{}',
  headers: {},
  attempt: 1,
};

/** The headers the bus adds to a message it sets aside, on top of the original message's own. */
const addedHeaders = (headers: Record<string, string>, description: string): JsonSchema => {
  const names = Object.keys(headers);
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(names.map((name) => [name, headerSchema(name)])),
    required: names,
    additionalProperties: { type: 'string' },
  };
};

/** Dead letters: the original headers plus `x-error`, `x-original-*`, `x-attempts` (`toDeadLetter`). */
export const deadLetterHeaders = (): JsonSchema =>
  addedHeaders(
    toDeadLetter(sampleDelivery, new Error('e'))!.headers ?? {},
    'the original message’s headers (CloudEvents ones for an event), and these',
  );

/** Quarantined messages: the original headers plus `x-error`, `x-group-id`, `x-original-*` (`toQuarantineMessage`). */
export const quarantineHeaders = (): JsonSchema =>
  addedHeaders(
    toQuarantineMessage('g', sampleDelivery, new Error('e')).headers,
    'the original message’s headers (CloudEvents ones for an event), and these',
  );
