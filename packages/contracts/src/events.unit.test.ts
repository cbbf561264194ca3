import {
  decodePayload,
  eventVersion,
  SURGE_DETECTED,
  SurgeDetected,
  surgeStream,
  AppealSubmitted,
  ApplicantDataErased,
  notificationStream,
  parseEvent,
  parseNotificationEvent,
  toEventMessage,
  topicForStream,
  Topics,
} from './index';

const sealed = {
  subjectId: '3f2e1d0c-9b8a-4766-a554-433221100fed',
  alg: 'A256GCM',
  iv: 'AAECAwQFBgcICQoL',
  ciphertext: 'Y2lwaGVydGV4dA==',
  tag: 'AAECAwQFBgcICQoLDA0ODw==',
};
const submitted = {
  appealId: '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f',
  profileId: 'kz-appk',
  kind: 'application',
  categoryId: 'roads',
  regionKato: '750000000',
  language: 'ru',
  subject: 'Ямы',
  text: sealed,
  applicant: { type: 'individual', personal: sealed },
  isAboutCrimeOrThreat: false,
  channel: 'portal',
  receivedAt: '2026-03-02T05:00:00.000Z',
  trackingCodeHash: 'sha256:x',
  origin: { type: 'direct' },
};

describe('AppealSubmitted holds personal data only sealed (ADR 0006)', () => {
  it('accepts a sealed applicant and text', () => {
    expect(parseEvent('AppealSubmitted', submitted).type).toBe('AppealSubmitted');
    expect(AppealSubmitted.safeParse({ ...submitted, applicant: { type: 'anonymous' } }).success).toBe(true);
  });

  it('refuses a clear applicant block', () => {
    const clear = { type: 'individual', fullName: 'Айгерим Садыкова', iin: '900101400122' };
    expect(AppealSubmitted.safeParse({ ...submitted, applicant: clear }).success).toBe(false);
    // nor clear fields slipped in next to the sealed block
    expect(
      AppealSubmitted.safeParse({
        ...submitted,
        applicant: { type: 'individual', personal: sealed, iin: '900101400122' },
      }).success,
    ).toBe(false);
  });

  it('refuses a clear text', () => {
    expect(AppealSubmitted.safeParse({ ...submitted, text: 'ул. Абая, 1' }).success).toBe(false);
  });

  it('refuses a sealed value that is not AES-256-GCM or not base64', () => {
    expect(AppealSubmitted.safeParse({ ...submitted, text: { ...sealed, alg: 'none' } }).success).toBe(false);
    expect(
      AppealSubmitted.safeParse({ ...submitted, text: { ...sealed, ciphertext: 'Айгерим' } }).success,
    ).toBe(false);
  });
});

describe('erasures', () => {
  it('travel on their own topic, keyed by subject', () => {
    expect(topicForStream('applicant-3f2e1d0c-9b8a-4766-a554-433221100fed')).toBe(Topics.applicantEvents);
    expect(topicForStream('appeal-1')).toBe(Topics.appealEvents);
    expect(
      ApplicantDataErased.safeParse({ subjectId: sealed.subjectId, erasedAt: '2026-03-02T05:00:00.000Z' })
        .success,
    ).toBe(true);
  });
});

describe('notification records', () => {
  const record = {
    appealId: '3f2e1d0c-9b8a-4766-a554-433221100fed',
    sourceEventId: '6a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    template: 'appeal_registered',
    language: 'kk',
  };

  it('travel on their own topic, keyed by appeal, so no appeal consumer decodes them', () => {
    expect(topicForStream(notificationStream(record.appealId))).toBe(Topics.notificationEvents);
    expect(toEventMessage({ ...envelopeOf(record), stream: notificationStream(record.appealId) }).key).toBe(
      record.appealId,
    );
  });

  it('name a class of error, never its text', () => {
    const failed = {
      ...record,
      channel: 'email',
      attempt: 1,
      final: false,
      failedAt: '2026-03-02T05:00:00Z',
    };
    expect(parseNotificationEvent('NotificationFailed', { ...failed, errorClass: 'deferred' }).type).toBe(
      'NotificationFailed',
    );
    expect(() =>
      parseNotificationEvent('NotificationFailed', { ...failed, errorClass: '550 a.b@example.kz unknown' }),
    ).toThrow();
  });

  it('refuse an appeal event type', () => {
    expect(() => parseNotificationEvent('AppealRegistered', record)).toThrow(/Unknown notification event/);
  });
});

function envelopeOf(data: unknown) {
  return {
    id: '0f1e2d3c-4b5a-4968-8776-655443322110',
    type: 'NotificationSent',
    stream: 'appeal-x',
    streamPosition: 0,
    globalPosition: 1,
    time: '2026-03-02T05:00:00Z',
    data,
    metadata: {},
  };
}

describe('surge alerts', () => {
  const surge = {
    categoryId: 'housing_utilities',
    regionKato: '751510000',
    weekStart: '2026-03-02',
    week: '2026-W10',
    direction: 'up',
    observed: 12,
    expected: 2,
    baseline: [2, 3, 2, 1, 2, 3, 2, 1],
    pValue: 0.00001,
    alpha: 0.001,
    method: 'trailing-mean-conditional-poisson-v1',
    partialWeek: false,
    detectedAt: '2026-03-09T05:00:00Z',
  };

  it('travel on their own topic, keyed by category and region, and decode at version 1', () => {
    const stream = surgeStream(surge.categoryId, surge.regionKato);
    expect(stream).toBe('surge-housing_utilities.751510000');
    expect(topicForStream(stream)).toBe(Topics.surgeEvents);
    expect(toEventMessage({ ...envelopeOf(surge), type: SURGE_DETECTED, stream }).key).toBe(
      'housing_utilities.751510000',
    );
    expect(decodePayload('SurgeDetected', { type: SURGE_DETECTED, data: surge })).toEqual(surge);
    expect(eventVersion(SURGE_DETECTED)).toBe(1);
  });

  it('carry counts only: a direction of the vocabulary, a KATO code, an ISO week', () => {
    expect(SurgeDetected.safeParse({ ...surge, direction: 'sideways' }).success).toBe(false);
    expect(SurgeDetected.safeParse({ ...surge, regionKato: 'Almaty' }).success).toBe(false);
    expect(SurgeDetected.safeParse({ ...surge, week: '2026-10' }).success).toBe(false);
  });
});
