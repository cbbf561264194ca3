import { startSystem, type TestSystem } from './client';

// Bad input gets a clear 4xx problem+json naming the field, and changes nothing.

let t: TestSystem;
let registrar: string;
beforeAll(async () => {
  t = await startSystem();
  registrar = await t.token('registrar', { agencyId: 'akimat-almaty', sub: 'reg-1' });
});
afterAll(async () => {
  await t.stop();
});

const valid = {
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '750000000',
  language: 'kk',
  subject: 'Жол жөндеу',
  text: 'Абай даңғылындағы жолды жөндеу қажет, шұңқырлар көп.',
  applicant: { type: 'individual', fullName: 'Нұрлан Серікұлы' },
};

const logSize = async () => (await t.system.store.readAll({ limit: 100000 })).length;

async function expectProblem(
  reply: { status: number; type: string; body: any },
  status: number,
  field?: string,
) {
  expect(reply.status).toBe(status);
  expect(reply.type).toContain('application/problem+json');
  expect(reply.body.status).toBe(status);
  if (field) expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('bad input on POST /api/v1/appeals', () => {
  const cases: Array<
    [string, { raw?: string; body?: unknown; headers?: Record<string, string> }, number, string?]
  > = [
    ['malformed JSON', { raw: '{"kind": "application",' }, 400, 'body'],
    ['a wrong type', { body: { ...valid, regionKato: 750000000 } }, 400, 'body.regionKato'],
    ['an unknown field', { body: { ...valid, priority: 'urgent' } }, 400, 'body.priority'],
    ['a missing field', { body: { ...valid, subject: undefined } }, 400, 'body.subject'],
    [
      'a nested bad IIN',
      { body: { ...valid, applicant: { type: 'individual', fullName: 'A B', iin: '12' } } },
      400,
      'body.applicant.iin',
    ],
    ['an unknown category', { body: { ...valid, categoryId: 'weather' } }, 400, 'body.categoryId'],
    ['an unknown kind', { body: { ...valid, kind: 'petition' } }, 400, 'body.kind'],
    ['an unknown region', { body: { ...valid, regionKato: '999999999' } }, 400, 'body.regionKato'],
    [
      'an unknown agency',
      { body: { ...valid, addressedAgencyId: 'ministry-of-magic' } },
      400,
      'body.addressedAgencyId',
    ],
    ['a body that is not JSON', { raw: 'kind=application', headers: { 'content-type': 'text/plain' } }, 415],
    ['an oversized body', { body: { ...valid, text: 'ы'.repeat(70_000) } }, 413],
    [
      'a citizen setting the receipt time',
      { body: { ...valid, receivedAt: '2026-01-05T10:00:00+05:00' } },
      403,
      'body.receivedAt',
    ],
  ];

  // rows padded to four values: jest would pass `done` in place of a missing last argument
  it.each(cases.map(([name, req, status, field]) => [name, req, status, field ?? null] as const))(
    'answers %s with a problem naming the field, and appends nothing',
    async (_name, req, status, field) => {
      const before = await logSize();
      const reply = await t.call('POST', '/api/v1/appeals', req);
      await expectProblem(reply, status, field ?? undefined);
      expect(await logSize()).toBe(before);
    },
  );

  it('refuses a receipt time in the future from a registrar', async () => {
    const before = await logSize();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const reply = await t.call('POST', '/api/v1/appeals', {
      token: registrar,
      body: { ...valid, channel: 'paper', receivedAt: future },
    });
    await expectProblem(reply, 400, 'body.receivedAt');
    expect(await logSize()).toBe(before);
  });

  it('registers a paper appeal on the day it was received, and retries with an Idempotency-Key return the first answer', async () => {
    const receivedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const req = {
      token: registrar,
      body: { ...valid, channel: 'paper', receivedAt },
      headers: { 'idempotency-key': 'paper-0001' },
    };
    const first = await t.call('POST', '/api/v1/appeals', req);
    expect(first.status).toBe(201);
    await t.settled(); // routing appends AppealRouted asynchronously; count after it
    const before = await logSize();
    const retry = await t.call('POST', '/api/v1/appeals', req);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await logSize()).toBe(before);
  });
});

describe('bad input on actions and queries', () => {
  it('names the bad field of an action body and a bad path id', async () => {
    const reply = await t.call('POST', '/api/v1/appeals/not-a-uuid/rate', { body: { score: 9 } });
    await expectProblem(reply, 400, 'params.id');
    const created = await t.call('POST', '/api/v1/appeals', { body: valid });
    const citizenRate = await t.call('POST', `/api/v1/appeals/${created.body.id}/rate`, {
      body: { score: 9 },
      headers: { 'x-tracking-code': created.body.trackingCode },
    });
    await expectProblem(citizenRate, 400, 'body.score');
  });

  it('answers 401 for a forged token, 404 for an unknown route, and a bad state query names the field', async () => {
    await expectProblem(await t.call('GET', '/api/v1/me/appeals', { token: 'not.a.jwt' }), 401);
    await expectProblem(await t.call('GET', '/api/v1/nothing-here'), 404);
    const auditor = await t.token('auditor');
    const reply = await t.call(
      'GET',
      '/api/v1/audit/appeals/1b4e28ba-2fa1-41d2-883f-0016d3cca427/state?at=yesterday',
      { token: auditor },
    );
    await expectProblem(reply, 400, 'query.at');
  });

  it('refuses an extension beyond two months with a problem naming newDueOn, and appends nothing', async () => {
    const created = await t.call('POST', '/api/v1/appeals', { body: valid });
    await t.settled();
    const approver = await t.token('approver', { agencyId: 'akimat-almaty' });
    const before = await logSize();
    const reply = await t.call('POST', `/api/v1/appeals/${created.body.id}/extend`, {
      token: approver,
      body: { newDueOn: '2099-01-01', reason: 'Слишком долгое продление срока' },
    });
    await expectProblem(reply, 400, 'body.newDueOn');
    expect(reply.body.code).toBe('APPEAL.EXTENSION_TOO_LONG');
    expect(await logSize()).toBe(before);
  });
});

describe('working-day calendars loaded by an admin at run time', () => {
  const year2029 = {
    profileId: 'kz-appk',
    year: 2029,
    holidays: [{ date: '2029-01-01', name: 'Жаңа жыл', verified: false }],
    movedDaysOff: [],
    movedWorkingDays: [],
    source: 'test decree',
    verified: false,
  };

  it('refuses anyone but an admin, before looking at the body', async () => {
    await expectProblem(
      await t.call('PUT', '/api/v1/admin/calendars/kz-appk/2029', { token: registrar, body: year2029 }),
      403,
    );
    // no token at all: 401 (sign in), not 403
    await expectProblem(await t.call('PUT', '/api/v1/admin/calendars/kz-appk/2029', { body: {} }), 401);
  });

  it('names the bad field of an invalid calendar and stores nothing', async () => {
    const admin = await t.token('admin');
    const before = await logSize();
    const bad = { ...year2029, holidays: [{ date: '2029-02-30', name: 'No such day', verified: false }] };
    await expectProblem(
      await t.call('PUT', '/api/v1/admin/calendars/kz-appk/2029', { token: admin, body: bad }),
      400,
      'body.holidays.0.date',
    );
    await expectProblem(
      await t.call('PUT', '/api/v1/admin/calendars/kz-appk/2030', { token: admin, body: year2029 }),
      400,
      'body.year',
    );
    await expectProblem(
      await t.call('PUT', '/api/v1/admin/calendars/xx-none/2029', {
        token: admin,
        body: { ...year2029, profileId: 'xx-none' },
      }),
      404,
    );
    expect(await logSize()).toBe(before);
  });

  it('loads a valid year at once, as an audited event', async () => {
    const admin = await t.token('admin', { sub: 'admin-1' });
    const put = await t.call('PUT', '/api/v1/admin/calendars/kz-appk/2029', { token: admin, body: year2029 });
    expect(put.status).toBe(200);
    expect(put.body.years).toContain(2029);
    const listed = await t.call('GET', '/api/v1/calendars/kz-appk');
    expect(listed.body.years.map((y: { year: number }) => y.year)).toContain(2029);
    const stream = await t.system.store.readStream('calendar-kz-appk');
    expect(stream.at(-1)).toMatchObject({
      type: 'CalendarYearLoaded',
      metadata: { actor: { id: 'admin-1', role: 'admin' } },
    });
  });
});
