import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { accessPlan, agencyGroupPrefix, agencyTopic, agencyUser } from '@appeals/bus-kafka';
import { DEAD_LETTER_TOPIC, QUARANTINE_TOPIC, toDeadLetter } from '@appeals/bus';
import {
  AllEventSchemas,
  eventVersion,
  Topics,
  toEventMessage,
  type EventEnvelope,
} from '@appeals/contracts';
import {
  AGENCY_ADDRESS,
  CHANNELS,
  createAsyncApiDocument,
  HEADER_DESCRIPTIONS,
  eventHeaderNames,
  messageId,
} from '.';

const parser = new Parser();
const ERROR = 0; // DiagnosticSeverity.Error

async function parse(document: object) {
  const { document: parsed, diagnostics } = await parser.parse(JSON.stringify(document));
  const errors = diagnostics
    .filter((d) => d.severity === ERROR)
    .map((d) => `${d.path.join('/')}: ${d.message}`);
  return { parsed, errors, diagnostics };
}

const document = createAsyncApiDocument();
let parsed: AsyncAPIDocumentInterface;

beforeAll(async () => {
  const result = await parse(document);
  expect(result.errors).toEqual([]);
  parsed = result.parsed!;
}, 60_000);

/** The topic a channel address names for one agency (or the address itself). */
const addressFor = (address: string, agencyId = 'mon') => address.replace('{agencyId}', agencyId);
const addresses = () =>
  parsed
    .channels()
    .all()
    .map((channel) => addressFor(channel.address() ?? ''));

describe('the AsyncAPI document, read by the official parser', () => {
  it('is valid AsyncAPI 3 with no errors and no warnings', async () => {
    const { diagnostics } = await parse(document);
    expect(diagnostics.map((d) => d.message)).toEqual([]);
    expect(parsed.version()).toMatch(/^3\./);
  });

  it('reports a broken document (the check can fail)', async () => {
    const broken = structuredClone(document) as unknown as {
      components: { schemas: Record<string, unknown> };
    };
    delete broken.components.schemas.AppealId;
    expect((await parse(broken)).errors.length).toBeGreaterThan(0);
  });

  it('has a channel for every topic the broker access plan grants', () => {
    const plan = accessPlan({ agencies: ['mon'] });
    const topics = new Set(
      plan.flatMap((user) =>
        user.grants.filter((g) => g.resource === 'topic' && g.pattern === 'literal').map((g) => g.name),
      ),
    );
    expect([...topics].filter((topic) => !addresses().includes(topic))).toEqual([]);
    expect(topics).toContain(agencyTopic('mon'));
  });

  it('has a channel for every topic the contracts and the bus name', () => {
    const named = [
      ...Object.values(Topics).filter((t) => typeof t === 'string'),
      Topics.agency('mon'),
      DEAD_LETTER_TOPIC,
      QUARANTINE_TOPIC,
    ];
    expect(named.filter((topic) => !addresses().includes(topic))).toEqual([]);
    expect(AGENCY_ADDRESS).toBe('appeals.agency.{agencyId}.v1');
  });

  it('puts every event type on its topic, with a message per schema version', () => {
    const carried = CHANNELS.filter((c) => c.id !== 'agency').flatMap((c) => Object.keys(c.events ?? {}));
    expect(carried.sort()).toEqual(Object.keys(AllEventSchemas).sort());
    const messages = parsed.components().messages();
    for (const type of Object.keys(AllEventSchemas)) {
      for (let version = 1; version <= eventVersion(type); version++) {
        expect(messages.get(messageId(type, version))?.name()).toBe(type);
      }
      expect(messages.has(messageId(type, eventVersion(type) + 1))).toBe(false);
    }
    expect(eventVersion('ComplaintFiled')).toBeGreaterThanOrEqual(2);
    const agency = parsed.channels().get('agency')!;
    expect(agency.messages().has(messageId('ComplaintFiled', 1))).toBe(true);
    expect(agency.messages().has(messageId('ComplaintFiled', 2))).toBe(true);
  });

  it('describes every header the code writes', () => {
    const { required, optional } = eventHeaderNames();
    const deadLetter = toDeadLetter(
      { topic: 't', partition: 0, offset: 0, key: 'k', value: '', headers: {}, attempt: 1 },
      new Error('e'),
    )!;
    const names = [...required, ...optional, ...Object.keys(deadLetter.headers ?? {})];
    expect(names.filter((name) => !HEADER_DESCRIPTIONS[name])).toEqual([]);
    expect(required).toEqual(expect.arrayContaining(['ce_id', 'ce_type', 'ce_subject', 'ce_dataschema']));
  });

  it('secures the Kafka server with SASL/SCRAM and names the agency user and groups', () => {
    const server = parsed.servers().get('kafka')!;
    expect(server.protocol()).toBe('kafka');
    expect(server.security().flatMap((s) => s.all().map((r) => r.scheme().type()))).toEqual(
      expect.arrayContaining(['scramSha512']),
    );
    const description = parsed.channels().get('agency')!.description() ?? '';
    expect(description).toContain(agencyUser('<agencyId>'));
    expect(description).toContain(agencyGroupPrefix('<agencyId>'));
  });
});

describe('what the code writes matches the document', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { base64: true } });
  addFormats(ajv);
  const validate = (schema: unknown, value: unknown) => {
    const check = ajv.compile(schema as object);
    return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
  const appealId = '3f2e1d0c-9b8a-4766-a554-433221100fed';
  const envelope = (type: string, data: unknown, schemaVersion?: number): EventEnvelope => ({
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    type,
    stream: `appeal-${appealId}`,
    streamPosition: 1,
    globalPosition: 42,
    time: '2026-03-02T09:00:00.000Z',
    data,
    metadata: { service: 'routing', correlationId: 'req-1', ...(schemaVersion ? { schemaVersion } : {}) },
  });
  const check = (id: string, e: EventEnvelope) => {
    const message = parsed.components().messages().get(id)!;
    const wire = toEventMessage(e, Topics.agency('mon'));
    return [
      ...validate(message.payload()!.json(), JSON.parse(wire.value)),
      ...validate(message.headers()!.json(), wire.headers),
    ];
  };

  it('accepts an event message as the relay and the agency feed encode it', () => {
    const routed = envelope('AppealRouted', { appealId, agencyId: 'mon', by: 'rules' });
    expect(check(messageId('AppealRouted', 1), routed)).toEqual([]);
  });

  it('refuses a payload its schema refuses', () => {
    const bad = envelope('AppealRouted', { appealId, by: 'rules' });
    expect(check(messageId('AppealRouted', 1), bad).join()).toMatch(/agencyId/);
  });

  it('tells the versions of a changed event apart', () => {
    const sealed = { subjectId: appealId, alg: 'A256GCM', iv: 'AAAA', ciphertext: 'AAAA', tag: 'AAAA' };
    const v1 = {
      appealId,
      complaintAppealId: appealId,
      higherAgencyId: 'x',
      reason: sealed,
      filedAt: '2026-03-02T09:00:00Z',
    };
    const v2 = { ...v1, kind: 'complaint' };
    expect(check(messageId('ComplaintFiled', 1), envelope('ComplaintFiled', v1))).toEqual([]);
    expect(check(messageId('ComplaintFiled', 2), envelope('ComplaintFiled', v2, 2))).toEqual([]);
    expect(check(messageId('ComplaintFiled', 2), envelope('ComplaintFiled', v1, 2)).join()).toMatch(/kind/);
    expect(check(messageId('ComplaintFiled', 2), envelope('ComplaintFiled', v2, 1)).length).toBeGreaterThan(
      0,
    );
  });
});
