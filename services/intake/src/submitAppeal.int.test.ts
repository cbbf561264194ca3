import { createDuplicateFinder, hashTrackingCode } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import type { StoredEvent } from '@appeals/eventstore';
import { createInMemoryIdempotencyStore, type Principal } from '@appeals/http';
import { MONDAY_10AM, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { catalogRouter } from './catalog.http';
import { submitAppealRouter } from './submitAppeal.http';

// The intake service on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it),
// with an injected clock so registration dates and deadlines are exact.

function startIntakeService(at: string): TestPlatform {
  const p = createTestPlatform({ start: at });
  const deps = {
    ...p,
    profileId: 'kz-appk',
    idempotency: createInMemoryIdempotencyStore(),
    duplicates: createDuplicateFinder(p),
  };
  p.mount(catalogRouter(deps));
  p.mount(submitAppealRouter(deps));
  return p;
}

/** POST /api/v1/appeals as `who` (anonymous when undefined). */
const submit = (body: Record<string, unknown>, who?: Principal, headers: Record<string, string> = {}) =>
  s.post('/appeals', who, body, headers);

const housing = (over: Record<string, unknown> = {}) => ({
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Нет отопления',
  text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры.',
  applicant: { type: 'individual', fullName: 'Айгерим Садыкова', iin: '900101400122' },
  ...over,
});
const { citizen: CITIZEN, registrar: REGISTRAR } = principals;
const data = <T>(events: StoredEvent[], type: string) => events.find((e) => e.type === type)?.data as T;

let s: TestPlatform;

describe('POST /api/v1/appeals', () => {
  describe('when a signed-in citizen files an appeal on Monday 2 March 2026 at 10:00', () => {
    beforeEach(() => {
      s = startIntakeService(MONDAY_10AM);
    });

    it('answers 201 with the id, registration number, tracking code, registration time, deadline and version', async () => {
      const reply = await submit(housing(), CITIZEN);

      expect(reply.status).toBe(201);
      expect(Object.keys(reply.body).sort()).toEqual([
        'deadline',
        'id',
        'registeredAt',
        'registrationNumber',
        'trackingCode',
        'version',
      ]);
      // the stream position of AppealRegistered (after AppealSubmitted at 0), as an ETag too
      const events = await s.events(reply.body.id);
      expect(reply.body.version).toBe(events.at(-1)?.streamPosition);
      expect(reply.body.version).toBe(1);
      expect(reply.headers.etag).toBe('W/"1"');
      expect(reply.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(reply.body.registrationNumber).toMatch(/^20260302-[0-9A-HJKMNP-TV-Z]{6}$/);
      expect(reply.body.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/); // Crockford base32: no I, L, O, U
      expect(reply.body.registeredAt).toBe('2026-03-02T05:00:00.000Z');
      expect(reply.headers.location).toBe(`/api/v1/appeals/${reply.body.id}`);
    });

    it('sets the deadline to the end of Friday 27 March: 15 working days on the KZ 2026 calendar', async () => {
      // Counting the working days after Mon 2 Mar (the registration day itself is not counted):
      //   Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4);
      //   Sat 7, Sun 8 weekend — 8 March falls on a Sunday, so Mon 9 is its moved day off;
      //   Tue 10 (5), Wed 11 (6), Thu 12 (7), Fri 13 (8);
      //   Mon 16 (9), Tue 17 (10), Wed 18 (11), Thu 19 (12), Fri 20 (13);
      //   Sat 21 – Mon 23 Nauryz, and Tue 24, Wed 25 the moved days off for the 21st and 22nd (a Saturday and a Sunday);
      //   Thu 26 (14), Fri 27 (15).
      // Due on Fri 27 Mar, expiring at 23:59:59.999 local = 18:59:59.999Z.
      const reply = await submit(housing(), CITIZEN);

      expect(reply.body.deadline).toEqual({
        dueOn: '2026-03-27',
        dueAt: '2026-03-27T18:59:59.999Z',
        termDays: 15,
        regime: 'working',
      });
    });

    it('appends AppealSubmitted and AppealRegistered by intake, keeping only the hash of the tracking code', async () => {
      const reply = await submit(housing(), CITIZEN);
      const events = await s.events(reply.body.id);

      expect(events.map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealRegistered']);
      expect(events.every((e) => e.metadata.service === 'intake')).toBe(true);
      expect(events[0]!.metadata.actor).toEqual({ id: 'citizen-1', role: 'applicant' });
      const submitted = data<EventData<'AppealSubmitted'>>(events, 'AppealSubmitted');
      expect(submitted).toMatchObject({
        appealId: reply.body.id,
        profileId: 'kz-appk',
        applicantAccountId: 'citizen-1',
        channel: 'portal',
        receivedAt: '2026-03-02T05:00:00.000Z',
        isAboutCrimeOrThreat: false,
        origin: { type: 'direct' },
        trackingCodeHash: hashTrackingCode(reply.body.trackingCode),
      });
      expect(JSON.stringify(events)).not.toContain(reply.body.trackingCode);
      expect(data<EventData<'AppealRegistered'>>(events, 'AppealRegistered')).toMatchObject({
        registrationNumber: reply.body.registrationNumber,
        registeredOn: '2026-03-02',
        deferred: false,
        forwardBy: '2026-03-05T18:59:59.999Z', // 3 working days: 3, 4, 5 March
      });
    });

    it('seals the applicant block and the text before they reach the event: only the kind of applicant stays clear', async () => {
      const body = housing({
        applicant: {
          type: 'individual',
          fullName: 'Айгерим Садыкова',
          iin: '900101400122',
          phone: '+77011234567',
          email: 'aigerim@example.kz',
          address: 'ул. Тимирязева, 42, кв. 7',
        },
      });
      const reply = await submit(body, CITIZEN);
      const events = await s.events(reply.body.id);
      const stored = JSON.stringify(events);
      for (const clear of ['Айгерим', '900101400122', '+77011234567', 'aigerim@example.kz', 'Тимирязева'])
        expect(stored).not.toContain(clear);
      const submitted = data<EventData<'AppealSubmitted'>>(events, 'AppealSubmitted');
      expect(submitted.applicant).toEqual({
        type: 'individual',
        personal: expect.objectContaining({ alg: 'A256GCM' }),
      });
      // the account's subject holds the key; opening gives back exactly what was filed, and the tracking code
      // sealed beside it for the registration notice (the event keeps only its hash)
      expect(submitted.text.subjectId).toBe(await s.vault.subjectForAccount('citizen-1'));
      if (submitted.applicant.type !== 'individual') throw new Error('expected an individual');
      expect(await s.vault.open(submitted.applicant.personal, 'applicant')).toEqual({
        status: 'present',
        value: { ...body.applicant, type: undefined, trackingCode: reply.body.trackingCode },
      });
      expect(await s.vault.open(submitted.text, 'text')).toEqual({ status: 'present', value: body.text });
    });

    it('accepts an appeal without an account (acting as an anonymous applicant)', async () => {
      const reply = await submit(housing({ applicant: { type: 'anonymous' } }));

      expect(reply.status).toBe(201);
      const events = await s.events(reply.body.id);
      expect(events[0]!.metadata.actor).toEqual({ id: 'anonymous', role: 'applicant' });
      expect(
        data<EventData<'AppealSubmitted'>>(events, 'AppealSubmitted').applicantAccountId,
      ).toBeUndefined();
    });

    it('refuses agency staff other than registrars with 403, and appends nothing', async () => {
      const reply = await submit(housing(), { sub: 'exec-1', role: 'executor', agencyId: 'akimat-almaty' });

      expect(reply.status).toBe(403);
      expect(await s.logSize()).toBe(0);
    });

    it('refuses an unknown category, region and agency with one 400 naming each field, and appends nothing', async () => {
      const reply = await submit(
        housing({ categoryId: 'weather', regionKato: '999999999', addressedAgencyId: 'ministry-of-magic' }),
        CITIZEN,
      );

      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'body.categoryId',
        'body.regionKato',
        'body.addressedAgencyId',
      ]);
      expect(await s.logSize()).toBe(0);
    });
  });

  describe('when the appeal arrives after working hours or on a day off', () => {
    // Registered at 09:00 on the next working day; the deadline is hand-counted as above, from that day.
    it.each([
      {
        why: 'Monday evening → Tuesday; 15 working days end Mon 30 Mar',
        received: '2026-03-02T19:00:00+05:00',
        registeredAt: '2026-03-03T04:00:00.000Z',
        registeredOn: '2026-03-03',
        dueOn: '2026-03-30',
      },
      {
        why: 'the cut-off minute itself counts as after hours',
        received: '2026-03-02T18:30:00+05:00',
        registeredAt: '2026-03-03T04:00:00.000Z',
        registeredOn: '2026-03-03',
        dueOn: '2026-03-30',
      },
      {
        why: 'Friday evening → Tuesday 10 Mar (Mon 9 is the moved Women’s Day)',
        received: '2026-03-06T18:45:00+05:00',
        registeredAt: '2026-03-10T04:00:00.000Z',
        registeredOn: '2026-03-10',
        dueOn: '2026-04-03',
      },
      {
        why: 'Nauryz Saturday → Thursday 26 Mar (21–25 Mar are all off)',
        received: '2026-03-21T12:00:00+05:00',
        registeredAt: '2026-03-26T04:00:00.000Z',
        registeredOn: '2026-03-26',
        dueOn: '2026-04-16',
      },
    ])(
      '$why: received $received, registered $registeredOn, due $dueOn',
      async ({ received, registeredAt, registeredOn, dueOn }) => {
        s = startIntakeService(received);
        const reply = await submit(housing(), CITIZEN);

        expect(reply.status).toBe(201);
        expect(reply.body.registeredAt).toBe(registeredAt);
        expect(reply.body.registrationNumber.startsWith(`${registeredOn.replaceAll('-', '')}-`)).toBe(true);
        expect(reply.body.deadline.dueOn).toBe(dueOn);
        const registered = data<EventData<'AppealRegistered'>>(
          await s.events(reply.body.id),
          'AppealRegistered',
        );
        expect(registered).toMatchObject({ registeredOn, deferred: true });
      },
    );
  });

  describe('when a registrar enters a paper appeal received two days earlier', () => {
    beforeEach(() => {
      s = startIntakeService('2026-03-04T11:00:00+05:00'); // Wednesday
    });

    it('registers it on the day it was received, with that day’s deadline, addressed to the registrar’s agency', async () => {
      const reply = await submit(
        housing({ channel: 'paper', receivedAt: '2026-03-02T10:00:00+05:00' }),
        REGISTRAR,
      );

      expect(reply.status).toBe(201);
      expect(reply.body.registeredAt).toBe('2026-03-02T05:00:00.000Z');
      expect(reply.body.registrationNumber).toMatch(/^20260302-/);
      expect(reply.body.deadline.dueOn).toBe('2026-03-27'); // as if filed on Monday, not the day it was typed in
      const events = await s.events(reply.body.id);
      expect(data<EventData<'AppealSubmitted'>>(events, 'AppealSubmitted')).toMatchObject({
        channel: 'paper',
        receivedAt: '2026-03-02T05:00:00.000Z',
        addressedAgencyId: 'akimat-almaty-bostandyk',
      });
      expect(
        data<EventData<'AppealSubmitted'>>(events, 'AppealSubmitted').applicantAccountId,
      ).toBeUndefined();
      expect(data<EventData<'AppealRegistered'>>(events, 'AppealRegistered').registeredBy).toEqual({
        id: 'reg-b',
        role: 'registrar',
        agencyId: 'akimat-almaty-bostandyk',
      });
    });

    it('refuses a receipt time in the future with 400 naming body.receivedAt', async () => {
      const reply = await submit(
        housing({ channel: 'paper', receivedAt: '2026-03-04T12:00:00+05:00' }),
        REGISTRAR,
      );

      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        code: 'APPEAL.RECEIVED_IN_FUTURE',
        errors: [{ field: 'body.receivedAt' }],
      });
      expect(await s.logSize()).toBe(0);
      // refused before its personal data was sealed: no data subject, no data key (ADR 0010)
      expect(await s.keys.wrappedByOtherThan('no-such-master-key', 10)).toEqual([]);
    });

    it('refuses a citizen who sets the channel or receipt time with 403 naming both fields', async () => {
      const reply = await submit(
        housing({ channel: 'paper', receivedAt: '2026-03-02T10:00:00+05:00' }),
        CITIZEN,
      );

      expect(reply.status).toBe(403);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'body.channel',
        'body.receivedAt',
      ]);
      expect(await s.logSize()).toBe(0);
    });
  });

  describe('when the client retries with an Idempotency-Key', () => {
    beforeEach(() => {
      s = startIntakeService(MONDAY_10AM);
    });

    it('returns the first answer again (same id and tracking code) and appends nothing', async () => {
      const key = { 'idempotency-key': 'submit-0001' };
      const first = await submit(housing(), CITIZEN, key);
      const size = await s.logSize();

      const retry = await submit(housing(), CITIZEN, key);

      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(first.headers.location);
      expect(await s.logSize()).toBe(size);
    });

    it('refuses the same key with another body (422), and files a new appeal under a new key', async () => {
      await submit(housing(), CITIZEN, { 'idempotency-key': 'submit-0002' });
      const size = await s.logSize();

      const reused = await submit(housing({ subject: 'Другая тема' }), CITIZEN, {
        'idempotency-key': 'submit-0002',
      });
      expect(reused.status).toBe(422);
      expect(await s.logSize()).toBe(size);

      const fresh = await submit(housing(), CITIZEN, { 'idempotency-key': 'submit-0003' });
      expect(fresh.status).toBe(201);
      // one new appeal: its two events, and the possible duplicate of the first that intake found
      const events = (await s.events(fresh.body.id)).map((e) => e.type);
      expect(events).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealPossibleDuplicatesFound']);
      expect(await s.logSize()).toBe(size + events.length);
    });
  });
});

describe('GET /api/v1/catalog', () => {
  beforeEach(() => {
    s = startIntakeService(MONDAY_10AM);
  });

  it('lists the kinds of appeal with their terms, and the categories, regions and agencies to choose from', async () => {
    const reply = await s.get('/catalog');

    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    expect(reply.body.profile).toMatchObject({
      id: 'kz-appk',
      stateLanguage: 'kk',
      languages: ['kk', 'ru', 'en'],
    });
    const terms = Object.fromEntries(
      reply.body.kinds.map((k: { code: string; termDays: number; regime: string }) => [
        k.code,
        `${k.termDays} ${k.regime}`,
      ]),
    );
    expect(terms).toMatchObject({
      application: '15 working',
      information_request: '15 calendar',
      complaint: '20 working',
      public_service_complaint: '5 working',
      media_request: '7 working',
      rehabilitation: '90 calendar',
    });
    expect(reply.body.kinds[0].name).toEqual({ kk: 'Арыз', ru: 'Заявление', en: 'Application' });
    expect(reply.body.categories.map((c: { id: string }) => c.id)).toContain('housing_utilities');
    expect(reply.body.regions.map((r: { kato: string }) => r.kato)).toContain('751510000');
    expect(reply.body.agencies.find((a: { id: string }) => a.id === 'akimat-almaty-bostandyk')).toMatchObject(
      { parent: 'akimat-almaty' },
    );
  });
});

it('documents the intake routes in OpenAPI', () => {
  s = startIntakeService(MONDAY_10AM);
  expect(Object.keys(s.registry.document().paths ?? {})).toEqual(
    expect.arrayContaining(['/api/v1/appeals', '/api/v1/catalog']),
  );
});
