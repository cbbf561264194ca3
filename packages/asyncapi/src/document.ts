import { AllEventSchemas, eventVersion } from '@appeals/contracts';
import { CHANNELS, type ChannelSpec } from './channels';
import { cloudEventHeaders, deadLetterHeaders, quarantineHeaders } from './headers';
import { renderSchemas, schemaRef, type JsonSchema } from './schemas';

/** An AsyncAPI 3.1 document (plain JSON). */
export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.1.0' };

export interface AsyncApiOptions {
  title?: string;
  version?: string;
  /** the bootstrap broker the `kafka` server names by default (host:port) */
  broker?: string;
}

const KAFKA_BINDING_VERSION = '0.5.0';
/** the id of the message of an event type at a version */
export const messageId = (type: string, version: number): string => `${type}.v${version}`;

const SECURITY_SCHEMES = {
  scramSha512: {
    type: 'scramSha512',
    description:
      'SASL/SCRAM-SHA-512 with the Kafka user the platform operator gave you (services: their name; agencies: `agency-<agencyId>`). Over TLS (SASL_SSL) in production.',
  },
  scramSha256: { type: 'scramSha256', description: 'SASL/SCRAM-SHA-256, where the broker offers it.' },
} as const;

const DESCRIPTION = `The platform's Kafka topics. Every event message is a CloudEvents 1.0 message in Kafka **binary mode**: the attributes are \`ce_*\` headers (plus W3C \`traceparent\`), and the value is the event envelope as JSON (\`id\`, \`type\`, \`stream\`, positions, \`time\`, \`data\` = the event's payload, \`metadata\`).

**Versions.** Each event type has a schema version (\`metadata.schemaVersion\`, absent = 1), also named by \`ce_type\` (\`kz.appeals.<Type>.v<n>\`) and \`ce_dataschema\`. Stored events are never rewritten, so a topic carries each event at the version it was WRITTEN at: a consumer upcasts older ones to the current shape (\`decodeEvent\` of @appeals/contracts does it, and @appeals/agency-sdk uses it). Messages named \`<Type>.v<n>\` below are the versions that exist; the highest one of each type is the current shape.

**Delivery.** At least once, in order per key (the appeal id). De-duplicate by \`ce_id\`. A message that a consumer group can never decode is quarantined (\`appeals.quarantine.v1\`); one whose handler kept failing is dead-lettered (\`appeals.dlq.v1\`).`;

/** The messages of one event type: one per schema version that exists (1 … current). */
function eventMessages(type: string): Record<string, JsonSchema> {
  const current = eventVersion(type);
  const messages: Record<string, JsonSchema> = {};
  for (let version = 1; version <= current; version++) {
    const isCurrent = version === current;
    const data = isCurrent
      ? schemaRef(type)
      : {
          description: `the ${type} payload as written at v${version}; upcast it to v${current} (decodeEvent) before reading`,
        };
    messages[messageId(type, version)] = {
      name: type,
      title: `${type} v${version}${isCurrent ? '' : ' (older version)'}`,
      contentType: 'application/json',
      headers: cloudEventHeaders(type, version),
      payload: {
        allOf: [
          schemaRef('EventEnvelope'),
          {
            type: 'object',
            properties: {
              type: { const: type },
              data,
              metadata: {
                type: 'object',
                properties: { schemaVersion: { const: version } },
                ...(version === 1 ? {} : { required: ['schemaVersion'] }),
              },
            },
          },
        ],
      },
      correlationId: { location: '$message.header#/ce_correlationid' },
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: 'the id of the event’s stream (the appeal id for appeal events)',
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
      'x-schema-version': version,
      'x-current-version': current,
    };
  }
  return messages;
}

/** The record of a message the bus set aside: the original key, value and headers, and why. */
const setAsideMessage = (kind: 'deadLetter' | 'quarantine'): JsonSchema => ({
  name: kind === 'deadLetter' ? 'DeadLetter' : 'Quarantined',
  title: kind === 'deadLetter' ? 'Dead letter' : 'Quarantined message',
  headers: kind === 'deadLetter' ? deadLetterHeaders() : quarantineHeaders(),
  payload: {
    description:
      'the original message’s value, byte for byte (for an event: the envelope; for a poison message: whatever it was)',
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'the original message’s key' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
});

const messagesOf = (channel: ChannelSpec): Record<string, JsonSchema> => {
  if (channel.setAside)
    return { [setAsideMessage(channel.setAside).name as string]: setAsideMessage(channel.setAside) };
  return Object.assign({}, ...Object.keys(channel.events ?? {}).map(eventMessages)) as Record<
    string,
    JsonSchema
  >;
};

/** Channels and the shared messages they refer to. */
function channelsAndMessages(): { channels: JsonSchema; messages: Record<string, JsonSchema> } {
  const channels: JsonSchema = {};
  const messages: Record<string, JsonSchema> = {};
  for (const channel of CHANNELS) {
    const own = messagesOf(channel);
    Object.assign(messages, own);
    channels[channel.id] = {
      address: channel.address,
      title: channel.title,
      description: channel.description,
      messages: Object.fromEntries(
        Object.keys(own).map((id) => [id, { $ref: `#/components/messages/${id}` }]),
      ),
      ...(channel.address.includes('{agencyId}')
        ? {
            parameters: {
              agencyId: {
                description: 'the agency’s id (letters, digits, `_` and `-`; no dot)',
                examples: ['mon', 'akimat-almaty'],
              },
            },
          }
        : {}),
    };
  }
  return { channels, messages };
}

/** What the platform does on each channel: it publishes to every topic; its services consume the events. */
function operations(): JsonSchema {
  const ops: JsonSchema = {};
  for (const channel of CHANNELS) {
    const ref = { $ref: `#/channels/${channel.id}` };
    const title = channel.id.charAt(0).toUpperCase() + channel.id.slice(1);
    ops[`send${title}`] = {
      action: 'send',
      channel: ref,
      summary: `The platform publishes: ${channel.title}`,
    };
  }
  ops.receiveAgency = {
    action: 'receive',
    channel: { $ref: '#/channels/agency' },
    summary: 'An agency consumes its own topic (see @appeals/agency-sdk and docs/agencies.md)',
    bindings: {
      kafka: {
        groupId: {
          type: 'string',
          description: 'agency.<agencyId>.<anything> (the agency user may use no other)',
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
  ops.receiveAppealEvents = {
    action: 'receive',
    channel: { $ref: '#/channels/appealEvents' },
    summary: 'The platform’s services consume the appeal events, one consumer group each',
  };
  return ops;
}

/** The schemas: the shared components, then each event type's current payload under its type's name. */
function schemas(): Record<string, JsonSchema> {
  const rendered = renderSchemas(AllEventSchemas);
  for (const type of Object.keys(rendered.payloads)) {
    if (type in rendered.components) throw new Error(`schema component ${type} clashes with the event type`);
  }
  return { ...rendered.components, ...rendered.payloads };
}

/**
 * The AsyncAPI 3.1 document of the platform's Kafka topics, built from the contracts' zod schemas (zod-openapi,
 * like the OpenAPI document) and the topic names the code uses.
 */
export function createAsyncApiDocument(options: AsyncApiOptions = {}): AsyncApiDocument {
  const { channels, messages } = channelsAndMessages();
  return {
    asyncapi: '3.1.0',
    info: {
      title: options.title ?? 'Citizens’ appeals platform events',
      version: options.version ?? '1.0.0',
      description: DESCRIPTION,
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{broker}',
        protocol: 'kafka',
        description: 'The platform’s Kafka cluster (SASL/SCRAM; TLS in production).',
        variables: {
          broker: {
            default: options.broker ?? 'localhost:9092',
            description: 'a bootstrap broker, host:port (the local broker of infra/local: 127.0.0.1:59092)',
          },
        },
        security: Object.keys(SECURITY_SCHEMES).map((name) => ({
          $ref: `#/components/securitySchemes/${name}`,
        })),
      },
    },
    channels,
    operations: operations(),
    components: { schemas: schemas(), messages, securitySchemes: SECURITY_SCHEMES },
  };
}

let built: AsyncApiDocument | undefined;

/** The platform's document with the default options, built once (what `GET /asyncapi.json` serves). */
export const asyncApiDocument = (): AsyncApiDocument => (built ??= createAsyncApiDocument());

/** An express handler (typed structurally: this package needs no express) serving {@link asyncApiDocument}. */
export const asyncApiRoute =
  () =>
  (_req: unknown, res: { json(body: unknown): unknown }): void => {
    res.json(asyncApiDocument());
  };
