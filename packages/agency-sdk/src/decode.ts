import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage } from 'cloudevents';
import {
  cloudEventType,
  decodeAppealEvent,
  eventVersion,
  fromEventMessage,
  parseStream,
  UndecodableEventError,
  type AppealEvent,
  type EventEnvelope,
} from '@appeals/contracts';

/** A message as it came off the agency topic (headers already as text). */
export interface RawAgencyMessage {
  topic: string;
  partition: number;
  /** Kafka offset, decimal */
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Where an event was read from, and the version it was written at. */
export interface AgencyEventMeta {
  /** the event id (CloudEvents `id`): the same on a redelivery, so de-duplicate by it */
  id: string;
  appealId: string;
  /** when the platform recorded the event (ISO 8601) */
  time: string;
  /** the schema version the event was written at (`ce_type` …`.v<n>`); `data` is always in the current shape */
  writtenVersion: number;
  /** the current schema version of the type, the shape `data` has */
  version: number;
  /** the CloudEvents attributes as sent (type, source, subject, dataschema, extensions…) */
  cloudEvent: CloudEvent<unknown>;
  /** the platform's envelope (stream and global positions, metadata) as sent */
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * One event of an agency's topic, typed: narrow on `type` and `data` has that event's payload, upcast to the current
 * schema version (whatever version it was written at).
 */
export type AgencyEvent = AppealEvent & AgencyEventMeta;

const CE_TYPE = /^kz\.appeals\.([A-Za-z]+)\.v(\d+)$/;

/** The CloudEvent of a binary-mode message, validated against CloudEvents 1.0; throws UndecodableEventError. */
function cloudEventOf(message: RawAgencyMessage): CloudEvent<unknown> {
  try {
    const kafkaMessage: KafkaMessage<string> = {
      key: message.key,
      value: message.value,
      headers: message.headers,
      body: message.value,
    };
    const event = CloudEventsKafka.toEvent<unknown>(kafkaMessage);
    if (!(event instanceof CloudEvent)) throw new Error('a batch of events, not one event');
    event.validate();
    return event as CloudEvent<unknown>;
  } catch (error) {
    const detail = (error as { errors?: unknown }).errors ?? (error as Error).message;
    throw new UndecodableEventError(
      'invalid',
      message.headers.ce_type ?? '',
      `not a CloudEvent: ${JSON.stringify(detail)}`,
    );
  }
}

/**
 * Decodes one message of `appeals.agency.<id>.v1`: the CloudEvents binary-mode headers (with the official SDK), the
 * envelope in the value, then the payload through the contracts' one decode point (`decodeAppealEvent`: upcast from
 * the version it was written at, validated by today's schema). Throws UndecodableEventError for anything that will
 * never decode with this code: not a CloudEvent, headers that contradict the value, an unknown type, a version newer
 * than this SDK knows (upgrade it), a payload the schema refuses.
 */
export function decodeAgencyMessage(message: RawAgencyMessage): AgencyEvent {
  const cloudEvent = cloudEventOf(message);
  const envelope = fromEventMessage(message);
  const match = CE_TYPE.exec(cloudEvent.type);
  const writtenVersion = Number(match?.[2]);
  const stamped = envelope.metadata.schemaVersion ?? 1;
  if (
    !match ||
    match[1] !== envelope.type ||
    writtenVersion !== stamped ||
    cloudEvent.id !== envelope.id ||
    cloudEvent.subject !== envelope.stream
  ) {
    throw new UndecodableEventError(
      'invalid',
      envelope.type,
      `headers (${cloudEvent.type}, ${cloudEvent.id}) contradict the value (${cloudEventType(envelope.type, stamped)}, ${envelope.id})`,
    );
  }
  const event = decodeAppealEvent(envelope);
  return {
    ...event,
    id: envelope.id,
    appealId: parseStream(envelope.stream)?.id ?? message.key,
    time: envelope.time,
    writtenVersion,
    version: eventVersion(envelope.type),
    cloudEvent,
    envelope,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
  };
}

/** Kafka headers (Buffers, strings, arrays of them) as text; the last value of a repeated header wins. */
export function headersAsText(headers: Record<string, unknown> | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined && last !== null)
      text[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return text;
}
