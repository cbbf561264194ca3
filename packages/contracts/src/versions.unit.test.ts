import { fromEventMessage } from './envelope';
import {
  AllEventSchemas,
  decodeAppealEvent,
  decodeEvent,
  decodeNotificationEvent,
  decodePayload,
  EventUpcasters,
  eventVersion,
  stampVersion,
  UndecodableEventError,
} from './versions';

const complaintV1 = {
  appealId: '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f',
  complaintAppealId: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b',
  higherAgencyId: 'akimat-almaty-region',
  reason: {
    subjectId: '3f2e1d0c-9b8a-4766-a554-433221100fed',
    alg: 'A256GCM',
    iv: 'AAECAwQFBgcICQoL',
    ciphertext: 'dGV4dA==',
    tag: 'AAECAwQFBgcICQoLDA0ODw==',
  },
  filedAt: '2026-04-01T05:00:00.000Z',
};

const errorOf = (run: () => unknown): UndecodableEventError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UndecodableEventError) return error;
    throw error;
  }
  throw new Error('expected an UndecodableEventError');
};

describe('event versions', () => {
  it('counts a type’s version from its upcasters: 1 for a type never changed', () => {
    expect(eventVersion('ComplaintFiled')).toBe(2);
    expect(eventVersion('AppealRouted')).toBe(1);
    expect(eventVersion('NotificationSent')).toBe(1);
  });

  it('has upcasters only for known event types', () => {
    for (const type of Object.keys(EventUpcasters)) expect(Object.keys(AllEventSchemas)).toContain(type);
  });

  it('stamps the current version on a new event’s metadata', () => {
    expect(stampVersion('ComplaintFiled', { service: 'response' })).toEqual({
      service: 'response',
      schemaVersion: 2,
    });
    expect(stampVersion('AppealRouted', { schemaVersion: 7 }).schemaVersion).toBe(1);
  });
});

describe('decodeEvent: the one decode point of stored and delivered events', () => {
  it('upcasts a v1 ComplaintFiled (no kind) to v2: a complaint', () => {
    const stored = { type: 'ComplaintFiled', data: complaintV1, metadata: { schemaVersion: 1 } };
    expect(decodeAppealEvent(stored)).toEqual({
      type: 'ComplaintFiled',
      data: { ...complaintV1, kind: 'complaint' },
    });
    // upcasting reads, it never rewrites what is stored (the hash chain covers it)
    expect(stored.data).not.toHaveProperty('kind');
  });

  it('reads an event without a schemaVersion as v1', () => {
    expect(decodeEvent({ type: 'ComplaintFiled', data: complaintV1, metadata: {} })).toMatchObject({
      version: 2,
      data: { kind: 'complaint' },
    });
    expect(decodeEvent({ type: 'ComplaintFiled', data: complaintV1 }).data).toMatchObject({
      kind: 'complaint',
    });
  });

  it('keeps a v1 complaint’s kind when it had one, and validates a v2 event as it is', () => {
    const withKind = { ...complaintV1, kind: 'complaint_to_court' };
    expect(
      decodeAppealEvent({ type: 'ComplaintFiled', data: withKind, metadata: { schemaVersion: 1 } }).data,
    ).toEqual(withKind);
    const error = errorOf(() =>
      decodeEvent({ type: 'ComplaintFiled', data: complaintV1, metadata: { schemaVersion: 2 } }),
    );
    expect(error.reason).toBe('invalid');
    expect(error.message).toContain('kind');
  });

  it('refuses what can never decode with an UndecodableEventError the buses recognise', () => {
    const future = errorOf(() =>
      decodeEvent({ type: 'AppealRouted', data: {}, metadata: { schemaVersion: 2 } }),
    );
    expect([future.reason, future.code, future.eventType]).toEqual([
      'future_version',
      'MESSAGE.UNDECODABLE',
      'AppealRouted',
    ]);
    expect(errorOf(() => decodeEvent({ type: 'AppealVanished', data: {} })).reason).toBe('unknown_type');
    expect(errorOf(() => decodeEvent({ type: 'toString', data: {} })).reason).toBe('unknown_type');
    for (const schemaVersion of [0, 1.5, '1', null])
      expect(
        errorOf(() => decodeEvent({ type: 'AppealRouted', data: {}, metadata: { schemaVersion } })).reason,
      ).toBe('invalid_version');
    expect(errorOf(() => decodeEvent({ type: 'AppealRouted', data: { appealId: 42 } })).reason).toBe(
      'invalid',
    );
  });

  it('decodes within one family of events only', () => {
    expect(errorOf(() => decodeAppealEvent({ type: 'NotificationSent', data: {} })).reason).toBe(
      'unknown_type',
    );
    expect(errorOf(() => decodeNotificationEvent({ type: 'ComplaintFiled', data: complaintV1 })).reason).toBe(
      'unknown_type',
    );
  });
});

describe('decodePayload', () => {
  it('gives the payload of an event of the type asked for, and refuses another type', () => {
    const erased = {
      subjectId: '3f2e1d0c-9b8a-4766-a554-433221100fed',
      erasedAt: '2026-05-01T00:00:00.000Z',
    };
    expect(decodePayload('ApplicantDataErased', { type: 'ApplicantDataErased', data: erased })).toEqual(
      erased,
    );
    expect(
      errorOf(() => decodePayload('ApplicantDataErased', { type: 'AppealRouted', data: erased })).reason,
    ).toBe('unknown_type');
    expect(
      errorOf(() =>
        decodePayload('ApplicantDataErased', { type: 'ApplicantDataErased', data: { subjectId: 1 } }),
      ).reason,
    ).toBe('invalid');
  });
});

describe('fromEventMessage', () => {
  it('refuses a value that is no envelope as undecodable', () => {
    expect(errorOf(() => fromEventMessage({ value: '{not json' })).reason).toBe('invalid');
    const error = errorOf(() =>
      fromEventMessage({ value: JSON.stringify({ type: 'AppealRouted', id: 'x' }) }),
    );
    expect(error.eventType).toBe('AppealRouted');
  });
});
