import type { z } from 'zod';
import {
  ApplicantDataErased,
  CalendarYearLoaded,
  EventSchemas,
  FaqEventSchemas,
  NotificationEventSchemas,
  SurgeDetected,
  type AppealEvent,
  type FaqEvent,
  type NotificationEvent,
} from './events';

// Event versioning (ADR "event versioning"). Every event type has a current schema version: 1 + the number of its
// upcasters. A stored event records the version it was written at in `metadata.schemaVersion` (absent: 1). Readers
// never see an old shape: `decodeEvent` runs the upcasters from the stored version to the current one, then the
// current schema. Stored bytes are never rewritten (the hash chain covers them): upcasting happens on read only.

/** Turns a payload of version n into one of version n + 1; pure, given the JSON as stored (not yet validated). */
export type Upcaster = (data: unknown) => unknown;

/** Every event type of every stream kind with its current payload schema. */
export const AllEventSchemas = {
  ...EventSchemas,
  ...NotificationEventSchemas,
  ...FaqEventSchemas,
  CalendarYearLoaded,
  ApplicantDataErased,
  SurgeDetected,
} as const satisfies Record<string, z.ZodType>;
export type KnownEventType = keyof typeof AllEventSchemas;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * ComplaintFiled v1 → v2: v1 complaints were filed before a profile had complaint kinds, and `kind` was optional
 * (absent meaning `complaint`); v2 always names the kind.
 */
const complaintFiledKind: Upcaster = (data) =>
  isRecord(data) && data.kind === undefined ? { ...data, kind: 'complaint' } : data;

/**
 * The upcasters of each event type whose shape changed, in order: the i-th turns version i + 1 into i + 2. To change
 * a shape: append an upcaster here (which bumps the current version), change the schema, add a fixture event of the
 * old version to `test/fixtures` (see the ADR). Never edit or remove an upcaster once released.
 */
export const EventUpcasters: { readonly [K in KnownEventType]?: readonly Upcaster[] } = {
  ComplaintFiled: [complaintFiledKind],
};

/** The schema version writers stamp on an event of this type now (1 for a type never changed, or unknown). */
export const eventVersion = (type: string): number =>
  (EventUpcasters[type as KnownEventType]?.length ?? 0) + 1;

/** Why an event cannot be decoded; none of them goes away by trying again. */
export type UndecodableReason = 'unknown_type' | 'future_version' | 'invalid_version' | 'invalid';

/**
 * An event (or bus message) that can never be decoded as it is: an unknown type, a version newer than this code
 * knows, or a payload its schema refuses even after upcasting. Buses quarantine the message after one attempt
 * instead of retrying (they recognise the `code`, which `@appeals/bus` names `UNDECODABLE_CODE`).
 */
export class UndecodableEventError extends Error {
  readonly code = 'MESSAGE.UNDECODABLE';
  constructor(
    readonly reason: UndecodableReason,
    readonly eventType: string,
    detail: string,
  ) {
    super(`Cannot decode ${eventType || 'event'} (${reason}): ${detail}`);
    this.name = 'UndecodableEventError';
  }
}

/** The shape readers pass: a stored event or an envelope (both carry type, data and metadata). */
export interface EncodedEvent {
  type: string;
  data: unknown;
  /** `schemaVersion` in it names the version the payload was written at */
  metadata?: object | undefined;
}

/** The version an event was written at: `metadata.schemaVersion`, or 1 when absent (events written before it). */
function writtenVersion(event: EncodedEvent): number {
  const stamped = (event.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  const version = stamped === undefined ? 1 : stamped;
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1) return version;
  throw new UndecodableEventError('invalid_version', event.type, `schemaVersion ${JSON.stringify(version)}`);
}

/** A decoded event: its type, its payload in the current shape, and the version that shape has. */
export interface DecodedEvent {
  type: string;
  data: unknown;
  version: number;
}

/**
 * The one decode point of stored and delivered events: upcasts the payload from the version it was written at to
 * the current one and validates it with the current schema. Throws UndecodableEventError (never a ZodError).
 */
export function decodeEvent(
  event: EncodedEvent,
  schemas: Record<string, z.ZodType> = AllEventSchemas,
): DecodedEvent {
  const { type } = event;
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) throw new UndecodableEventError('unknown_type', type, `no event type ${type}`);
  const current = eventVersion(type);
  const from = writtenVersion(event);
  if (from > current)
    throw new UndecodableEventError('future_version', type, `v${from}, this code knows up to v${current}`);
  const upcasters = EventUpcasters[type as KnownEventType] ?? [];
  const upcast = upcasters.slice(from - 1).reduce((data, up) => up(data), event.data);
  const parsed = schema.safeParse(upcast);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UndecodableEventError(
      'invalid',
      type,
      `${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return { type, data: parsed.data, version: current };
}

/** A stored or delivered appeal event in its current shape; throws UndecodableEventError. */
export const decodeAppealEvent = (event: EncodedEvent): AppealEvent => {
  const { type, data } = decodeEvent(event, EventSchemas);
  return { type, data } as AppealEvent;
};

/** A stored or delivered notification event in its current shape; throws UndecodableEventError. */
export const decodeNotificationEvent = (event: EncodedEvent): NotificationEvent => {
  const { type, data } = decodeEvent(event, NotificationEventSchemas);
  return { type, data } as NotificationEvent;
};

/** A stored or delivered FAQ event in its current shape; throws UndecodableEventError. */
export const decodeFaqEvent = (event: EncodedEvent): FaqEvent => {
  const { type, data } = decodeEvent(event, FaqEventSchemas);
  return { type, data } as FaqEvent;
};

/** The payload, in its current shape, of a stored or delivered event that must be of type `type`. */
export function decodePayload<K extends KnownEventType>(
  type: K,
  event: EncodedEvent,
): z.infer<(typeof AllEventSchemas)[K]> {
  if (event.type !== type) throw new UndecodableEventError('unknown_type', event.type, `expected a ${type}`);
  return decodeEvent(event).data as z.infer<(typeof AllEventSchemas)[K]>;
}

/** The metadata of a new event of this type: the caller's, stamped with the type's current schema version. */
export const stampVersion = <M extends object>(type: string, metadata: M): M & { schemaVersion: number } => ({
  ...metadata,
  schemaVersion: eventVersion(type),
});
