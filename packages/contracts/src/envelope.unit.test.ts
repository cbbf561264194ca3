import { eventTypeOf, fromEventMessage, toCloudEvent, toEventMessage, type EventEnvelope } from './envelope';
import { SubmitAppealBody } from './commands';

const envelope: EventEnvelope = {
  id: '7d5c2a2e-4a53-4d0e-9d7a-1f1f5e3c9b10',
  type: 'AppealRouted',
  stream: 'appeal-0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11',
  streamPosition: 2,
  globalPosition: 17,
  time: '2026-03-02T04:00:00.000Z',
  data: { appealId: '0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11', agencyId: 'mon', by: 'rules' },
  metadata: {
    service: 'routing',
    correlationId: 'c-1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  },
};

describe('event envelope on the wire', () => {
  it('maps onto CloudEvents 1.0 attributes with a versioned type and data schema', () => {
    const { attributes } = toCloudEvent(envelope);
    expect(attributes).toMatchObject({
      specversion: '1.0',
      id: envelope.id,
      type: 'kz.appeals.AppealRouted.v1',
      subject: envelope.stream,
      dataschema: 'urn:appeals:events:AppealRouted:v1',
      correlationid: 'c-1',
      traceparent: envelope.metadata.traceparent,
    });
  });

  it('keys bus messages by appeal id and carries CloudEvents binary headers and W3C traceparent', () => {
    const m = toEventMessage(envelope);
    expect(m.key).toBe('0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11');
    expect(m.headers.ce_type).toBe('kz.appeals.AppealRouted.v1');
    expect(m.headers.traceparent).toBe(envelope.metadata.traceparent);
    expect(fromEventMessage(m)).toEqual(envelope);
  });

  it('refuses a message whose value is not an envelope', () => {
    expect(() => fromEventMessage({ value: JSON.stringify({ id: 'x' }) })).toThrow();
  });
});

describe('submit command schema', () => {
  const valid = {
    kind: 'application',
    categoryId: 'housing_utilities',
    regionKato: '750000000',
    language: 'ru',
    subject: 'Нет отопления',
    text: 'В доме по улице Абая нет отопления третью неделю.',
    applicant: { type: 'individual', fullName: 'Айгерим Садыкова', iin: '900101400122' },
  };

  it('accepts a complete appeal', () => {
    expect(SubmitAppealBody.safeParse(valid).success).toBe(true);
  });

  it('names unknown and wrongly typed fields', () => {
    const r = SubmitAppealBody.safeParse({ ...valid, regionKato: 75, extra: true });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) =>
      i.code === 'unrecognized_keys' ? i.keys.join() : i.path.join('.'),
    );
    expect(paths).toEqual(expect.arrayContaining(['regionKato', 'extra']));
  });

  it('checks IIN shape inside the applicant', () => {
    const r = SubmitAppealBody.safeParse({
      ...valid,
      applicant: { type: 'individual', fullName: 'A B', iin: '123' },
    });
    expect(r.error?.issues[0]?.path).toEqual(['applicant', 'iin']);
  });

  it('names the event type in the ce_type header, so consumers can skip a message without decoding it', () => {
    expect(eventTypeOf(toEventMessage(envelope).headers)).toBe('AppealRouted');
    expect(eventTypeOf({ ce_type: 'kz.appeals.AppealRouted.v2' })).toBe('AppealRouted');
    expect(eventTypeOf({ ce_type: 'org.example.Other' })).toBeUndefined();
    expect(eventTypeOf({})).toBeUndefined();
  });
});
