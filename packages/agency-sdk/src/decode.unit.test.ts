import { Topics, toEventMessage, UndecodableEventError, type EventEnvelope } from '@appeals/contracts';
import { decodeAgencyMessage, headersAsText, type RawAgencyMessage } from './decode';

const appealId = '3f2e1d0c-9b8a-4766-a554-433221100fed';
const sealed = { subjectId: appealId, alg: 'A256GCM', iv: 'AAAA', ciphertext: 'AAAA', tag: 'AAAA' };

const envelope = (type: string, data: unknown, schemaVersion?: number): EventEnvelope => ({
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  type,
  stream: `appeal-${appealId}`,
  streamPosition: 3,
  globalPosition: 42,
  time: '2026-03-02T09:00:00.000Z',
  data,
  metadata: { service: 'response', ...(schemaVersion ? { schemaVersion } : {}) },
});

/** A message as the agency feed publishes it (toEventMessage), as it arrives. */
const wire = (e: EventEnvelope): RawAgencyMessage => {
  const m = toEventMessage(e, Topics.agency('mon'));
  return { topic: m.topic, partition: 0, offset: '7', key: m.key, value: m.value, headers: m.headers };
};

const failure = (message: RawAgencyMessage) => {
  try {
    decodeAgencyMessage(message);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('decodeAgencyMessage', () => {
  it('decodes a CloudEvents binary-mode message into a typed event', () => {
    const event = decodeAgencyMessage(
      wire(envelope('AppealRouted', { appealId, agencyId: 'mon', by: 'rules' })),
    );
    expect(event.type).toBe('AppealRouted');
    if (event.type !== 'AppealRouted') throw new Error('narrowing');
    expect(event.data.agencyId).toBe('mon'); // typed payload
    expect(event).toMatchObject({ appealId, writtenVersion: 1, version: 1, offset: '7' });
    expect(event.cloudEvent).toMatchObject({
      specversion: '1.0',
      type: 'kz.appeals.AppealRouted.v1',
      subject: `appeal-${appealId}`,
      dataschema: 'urn:appeals:events:AppealRouted:v1',
      globalposition: '42',
    });
  });

  it('upcasts an event written at an older version to the current shape', () => {
    const v1 = {
      appealId,
      complaintAppealId: appealId,
      higherAgencyId: 'gov',
      reason: sealed,
      filedAt: '2026-03-02T09:00:00Z',
    };
    const event = decodeAgencyMessage(wire(envelope('ComplaintFiled', v1)));
    if (event.type !== 'ComplaintFiled') throw new Error('narrowing');
    expect(event.data.kind).toBe('complaint');
    expect(event.writtenVersion).toBe(1);
    expect(event.version).toBeGreaterThanOrEqual(2);
  });

  it('refuses what can never decode with an UndecodableEventError', () => {
    const routed = wire(envelope('AppealRouted', { appealId, agencyId: 'mon', by: 'rules' }));
    const cases: Array<[string, RawAgencyMessage, RegExp]> = [
      ['no CloudEvent', { ...routed, headers: {} }, /not a CloudEvent/],
      [
        'wrong specversion',
        { ...routed, headers: { ...routed.headers, ce_specversion: '0.3' } },
        /not a CloudEvent/,
      ],
      [
        'headers of another event',
        { ...routed, headers: { ...routed.headers, ce_id: 'other' } },
        /contradict/,
      ],
      ['payload refused', wire(envelope('AppealRouted', { appealId, by: 'rules' })), /agencyId/],
      [
        'a newer version',
        wire(envelope('AppealRouted', { appealId, agencyId: 'mon', by: 'rules' }, 9)),
        /future_version/,
      ],
      ['value no JSON', { ...routed, value: 'for mon only' }, /not JSON|CloudEvent/],
    ];
    for (const [what, message, reason] of cases) {
      const error = failure(message);
      expect({ what, undecodable: error instanceof UndecodableEventError }).toEqual({
        what,
        undecodable: true,
      });
      expect({ what, message: (error as Error).message }).toEqual({
        what,
        message: expect.stringMatching(reason),
      });
    }
  });
});

describe('headersAsText', () => {
  it('turns Kafka header buffers into text', () => {
    expect(
      headersAsText({ a: Buffer.from('x'), b: [Buffer.from('1'), Buffer.from('2')], c: undefined }),
    ).toEqual({
      a: 'x',
      b: '2',
    });
  });
});
