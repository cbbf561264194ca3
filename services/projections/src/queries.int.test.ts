import type { Principal } from '@appeals/http';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { startProjector } from './projector';
import { queriesRouter } from './queries.http';

// The projections service on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it):
// commands → event store → relay → in-process bus → projector → read store, and the read routes over HTTP.
// The clock is injected and moved by the tests, so deadlines and SLA states are exact.

const HEAD = { id: 'head-a', role: 'head' as const, agencyId: 'akimat-almaty' };

async function startProjectionsService(): Promise<TestPlatform> {
  const p = createTestPlatform();
  p.mount(queriesRouter(p));
  await startProjector(p.bus, p);
  return p;
}

let s: TestPlatform;
afterEach(async () => {
  await s.stop();
});

const assign = (appealId: string) =>
  s.commands.execute(
    appealId,
    { type: 'AssignExecutors', now: s.clock(), actor: HEAD, data: { executorIds: ['exec-1'] } },
    { service: 'response' },
  );
const draft = (appealId: string) =>
  s.commands.execute(
    appealId,
    {
      type: 'DraftAnswer',
      now: s.clock(),
      actor: { id: 'exec-1', role: 'executor', agencyId: 'akimat-almaty' },
      data: {
        draftId: randomUUID(),
        text: 'Проект ответа: ремонт теплотрассы запланирован.',
        decisionKind: 'give_answer',
        answerCharacter: 'explained',
        language: 'ru',
      },
    },
    { service: 'response' },
  );

describe('the agency inbox', () => {
  // Three appeals in the Almaty city akimat's subtree and one elsewhere, with deadlines counted on the KZ 2026 calendar
  // (9 Mar is the moved Women's Day; 21–25 Mar are Nauryz and its moved days off):
  //   psc  public-service complaint, 5 working days from Tue 3 Mar: 4, 5, 6, 10, 11     → due Wed 11 Mar (akimat-almaty)
  //   app  application, 15 working days from Mon 2 Mar: …, 20 (13), 26 (14), 27 (15)   → due Fri 27 Mar (bostandyk)
  //   cmp  complaint, 20 working days from Mon 2 Mar: …, 27 (15), 30, 31, 1, 2, 3 Apr  → due Fri 3 Apr (almaly, in progress)
  //   edu  application to the Ministry of Education                                    → not in this inbox
  let app: string;
  let psc: string;
  let cmp: string;
  let edu: string;
  beforeEach(async () => {
    s = await startProjectionsService();
    s.setNow('2026-03-02T10:00:00+05:00');
    app = await s.submitAppeal();
    await s.route(app, 'akimat-almaty-bostandyk');
    cmp = await s.submitAppeal({ kind: 'complaint', regionKato: '751210000' });
    await s.route(cmp, 'akimat-almaty-almaly');
    await assign(cmp);
    edu = await s.submitAppeal({ categoryId: 'education' });
    await s.route(edu, 'mon');
    s.setNow('2026-03-03T10:00:00+05:00');
    psc = await s.submitAppeal({ kind: 'public_service_complaint', regionKato: '750000000' });
    await s.route(psc, 'akimat-almaty');
    await s.settled();
  });

  const inbox = (agencyId: string, who: Principal | undefined, query = '') =>
    s.get(`/agencies/${agencyId}/inbox${query}`, who);
  const ids = (body: { items: Array<{ appealId: string }> }) => body.items.map((i) => i.appealId);
  const cityHead: Principal = { sub: 'head-a', role: 'head', agencyId: 'akimat-almaty' };

  it('lists the subtree sorted by deadline, soonest first', async () => {
    const reply = await inbox('akimat-almaty', cityHead);

    expect(reply.status).toBe(200);
    expect(ids(reply.body)).toEqual([psc, app, cmp]);
    expect(reply.body.total).toBe(3);
    expect(reply.body.items.map((i: { dueOn: string }) => i.dueOn)).toEqual([
      '2026-03-11',
      '2026-03-27',
      '2026-04-03',
    ]);
  });

  it('filters by status', async () => {
    expect(ids((await inbox('akimat-almaty', cityHead, '?status=in_progress')).body)).toEqual([cmp]);
    expect(ids((await inbox('akimat-almaty', cityHead, '?status=routed')).body)).toEqual([psc, app]);
    expect(ids((await inbox('akimat-almaty', cityHead, '?status=answered')).body)).toEqual([]);
  });

  it('computes the SLA state as of the injected clock: on time, due soon (under 3 days left), overdue', async () => {
    s.setNow('2026-03-02T12:00:00+05:00');
    let reply = await inbox('akimat-almaty', cityHead);
    expect(reply.body.items.map((i: { sla: string }) => i.sla)).toEqual(['on_time', 'on_time', 'on_time']);

    s.setNow('2026-03-10T12:00:00+05:00'); // psc has 1.5 days left
    reply = await inbox('akimat-almaty', cityHead);
    expect(reply.body.items.map((i: { sla: string }) => i.sla)).toEqual(['due_soon', 'on_time', 'on_time']);

    s.setNow('2026-03-12T00:00:00+05:00'); // the first instant after psc's deadline
    reply = await inbox('akimat-almaty', cityHead);
    expect(reply.body.items.map((i: { sla: string }) => i.sla)).toEqual(['overdue', 'on_time', 'on_time']);
  });

  it('lists only the overdue open appeals with overdue=true once the clock is past a deadline', async () => {
    expect(ids((await inbox('akimat-almaty', cityHead, '?overdue=true')).body)).toEqual([]);

    s.setNow('2026-03-28T09:00:00+05:00'); // past psc (11 Mar) and app (27 Mar), before cmp (3 Apr)
    const reply = await inbox('akimat-almaty', cityHead, '?overdue=true');

    expect(ids(reply.body)).toEqual([psc, app]);
    expect(reply.body.items.every((i: { sla: string }) => i.sla === 'overdue')).toBe(true);
    expect(ids((await inbox('akimat-almaty', cityHead, '?overdue=false')).body)).toEqual([cmp]);
    expect(ids((await inbox('akimat-almaty', cityHead, '?overdue=true&status=routed')).body)).toEqual([
      psc,
      app,
    ]);
    expect((await inbox('akimat-almaty', cityHead, '?overdue=true&status=answered')).body).toEqual({
      items: [],
      total: 0,
      totalExact: true,
    });
  });

  it('pages through the sorted list, counting it and saying the count is exact', async () => {
    const reply = await inbox('akimat-almaty', cityHead, '?limit=1&offset=1');
    expect(ids(reply.body)).toEqual([app]);
    expect(reply.body).toMatchObject({ total: 3, totalExact: true });
  });

  it('refuses an offset beyond the counted depth with 400 problem+json naming the field, and changes nothing', async () => {
    const reply = await inbox('akimat-almaty', cityHead, '?offset=10001');
    expect({ status: reply.status, type: reply.type }).toEqual({
      status: 400,
      type: 'application/problem+json',
    });
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'query.offset' })]);
    expect(reply.body.errors[0].message).toMatch(/at most 10000/);
  });

  describe('who may read it', () => {
    it('refuses staff of another agency with 403', async () => {
      const reply = await inbox('akimat-almaty', { sub: 'exec-mon', role: 'executor', agencyId: 'mon' });
      expect(reply.status).toBe(403);
      expect(reply.type).toBe('application/problem+json');
    });

    it('refuses staff of a body below (a district cannot read the city inbox) with 403', async () => {
      expect(
        (
          await inbox('akimat-almaty', {
            sub: 'reg-b',
            role: 'registrar',
            agencyId: 'akimat-almaty-bostandyk',
          })
        ).status,
      ).toBe(403);
    });

    it('refuses applicants with 403 and anonymous callers with 401', async () => {
      expect((await inbox('akimat-almaty', { sub: 'citizen-1', role: 'applicant' })).status).toBe(403);
      expect((await inbox('akimat-almaty', undefined)).status).toBe(401);
    });

    it('lets staff of a parent agency read a body below it (its subtree only)', async () => {
      const reply = await inbox('akimat-almaty-bostandyk', cityHead);
      expect(reply.status).toBe(200);
      expect(ids(reply.body)).toEqual([app]);

      const government = await inbox('akimat-almaty-almaly', {
        sub: 'reg-gov',
        role: 'registrar',
        agencyId: 'gov',
      });
      expect(ids(government.body)).toEqual([cmp]);
    });

    it('lets an auditor read any inbox', async () => {
      const reply = await inbox('mon', { sub: 'auditor-1', role: 'auditor' });
      expect(reply.status).toBe(200);
      expect(ids(reply.body)).toEqual([edu]);
    });

    it('answers 404 for an unknown agency', async () => {
      expect((await inbox('ministry-of-magic', { sub: 'auditor-1', role: 'auditor' })).status).toBe(404);
    });
  });
});

describe('one appeal', () => {
  let appealId: string;
  let registrationNumber: string;
  beforeEach(async () => {
    s = await startProjectionsService();
    appealId = randomUUID();
    const serial = appealId.slice(0, 8).toUpperCase();
    registrationNumber = `20260302-${serial}`; // the decider dates it: registered Mon 2 Mar 2026
    await s.submitAppeal({ appealId, numbering: { type: 'dated', serial }, trackingCode: 'TRACK12345' });
    await s.route(appealId, 'akimat-almaty-bostandyk');
    await assign(appealId);
    await draft(appealId);
    await s.settled();
  });

  describe('looked up by registration number and tracking code, without an account', () => {
    const lookup = (query: Record<string, string>) => s.get(`/appeals/lookup?${new URLSearchParams(query)}`);

    it('is found with the right code (case does not matter) and shows neither the code hash nor the drafts', async () => {
      const reply = await lookup({ registrationNumber, trackingCode: 'track12345' });

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        appealId,
        registrationNumber,
        status: 'in_progress',
        agencyId: 'akimat-almaty-bostandyk',
        version: 4,
      });
      expect(reply.body).not.toHaveProperty('trackingCodeHash');
      expect(reply.body).not.toHaveProperty('drafts');
    });

    it('is not found with a wrong code or an unknown number (404, no hint which)', async () => {
      const wrongCode = await lookup({ registrationNumber, trackingCode: 'WRONG00000' });
      const unknownNumber = await lookup({ registrationNumber: 'R-00000000', trackingCode: 'TRACK12345' });

      expect(wrongCode.status).toBe(404);
      expect(unknownNumber.status).toBe(404);
      expect(wrongCode.body.detail).toBe(unknownNumber.body.detail);
    });
  });

  describe('read by id', () => {
    const detail = (who: Principal | undefined, query: Record<string, string> = {}) =>
      s.get(`/appeals/${appealId}?${new URLSearchParams(query)}`, who);

    it('shows the applicant their own appeal without drafts or the code hash', async () => {
      const reply = await detail({ sub: 'citizen-1', role: 'applicant' });

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ appealId, status: 'in_progress', sla: 'on_time', version: 4 });
      expect(reply.body).not.toHaveProperty('trackingCodeHash');
      expect(reply.body).not.toHaveProperty('drafts');
      expect(reply.body).not.toHaveProperty('_revision');
    });

    it('shows a tracking-code holder the same, and nothing to a wrong code or another applicant', async () => {
      const holder = await detail(undefined, { trackingCode: 'TRACK12345' });
      expect(holder.status).toBe(200);
      expect(holder.body).not.toHaveProperty('drafts');
      expect(holder.body).not.toHaveProperty('trackingCodeHash');

      expect((await detail(undefined, { trackingCode: 'WRONG00000' })).status).toBe(404);
      expect((await detail({ sub: 'citizen-2', role: 'applicant' })).status).toBe(404);
    });

    it('shows the agency’s staff (and the bodies above it) the drafts, but never the code hash', async () => {
      for (const who of [
        { sub: 'exec-b', role: 'executor', agencyId: 'akimat-almaty-bostandyk' },
        { sub: 'head-a', role: 'head', agencyId: 'akimat-almaty' },
        { sub: 'auditor-1', role: 'auditor' },
      ] as Principal[]) {
        const reply = await detail(who);
        expect(reply.status).toBe(200);
        expect(Object.values(reply.body.drafts)).toEqual([
          expect.objectContaining({
            text: 'Проект ответа: ремонт теплотрассы запланирован.',
            approved: false,
          }),
        ]);
        expect(reply.body).not.toHaveProperty('trackingCodeHash');
      }
    });

    it('hides the appeal from staff of a sibling body (404, not 403: its existence is not leaked)', async () => {
      expect(
        (await detail({ sub: 'exec-almaly', role: 'executor', agencyId: 'akimat-almaty-almaly' })).status,
      ).toBe(404);
    });

    it('answers 404 for an appeal the views do not have', async () => {
      const reply = await s.get(`/appeals/${randomUUID()}`, { sub: 'auditor-1', role: 'auditor' });
      expect(reply.status).toBe(404);
    });
  });

  describe('in the applicant’s cabinet', () => {
    it('is listed for its applicant only', async () => {
      const own = await s.get('/me/appeals', { sub: 'citizen-1', role: 'applicant' });
      const other = await s.get('/me/appeals', { sub: 'citizen-2', role: 'applicant' });

      expect(own.body.items.map((i: { appealId: string }) => i.appealId)).toEqual([appealId]);
      expect(other.body).toEqual({ items: [], total: 0, totalExact: true });
    });
  });
});

it('documents every read route in OpenAPI, the list pages with their bounded total', async () => {
  s = await startProjectionsService();
  const document = s.registry.document();
  expect(Object.keys(document.paths ?? {})).toEqual(
    expect.arrayContaining([
      '/api/v1/appeals/lookup',
      '/api/v1/appeals/{id}',
      '/api/v1/me/appeals',
      '/api/v1/agencies/{agencyId}/inbox',
    ]),
  );
  const page = document.components?.schemas?.AppealSummaryPage as { required?: string[] } | undefined;
  expect(page?.required).toEqual(expect.arrayContaining(['items', 'total', 'totalExact']));
  const inboxOk = document.paths?.['/api/v1/agencies/{agencyId}/inbox']?.get?.responses?.['200'] as {
    content?: Record<string, { schema?: { $ref?: string } }>;
  };
  expect(inboxOk.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/AppealSummaryPage');
});
