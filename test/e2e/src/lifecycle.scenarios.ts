import { readAppeal, type AppealWait, type SystemUnderTest } from './client';

// The whole appeal lifecycle over HTTP, as a citizen, agency staff and an auditor would drive it. The same
// scenarios run against the embedded system and against the cluster (one process per service).

export const housingAppeal = (over: Record<string, unknown> = {}) => ({
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Нет отопления в доме',
  text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры.',
  applicant: { type: 'individual', fullName: 'Айгерим Садыкова', iin: '900101400122', phone: '+77011234567' },
  ...over,
});

/**
 * Registers the lifecycle scenarios for a system that `system()` returns once started (in the caller's beforeAll).
 *
 * @example
 * lifecycleScenarios('the embedded system', () => t);
 */
export function lifecycleScenarios(label: string, system: () => SystemUnderTest): void {
  let t: SystemUnderTest;
  beforeAll(() => {
    t = system();
  });

  describe(`${label}`, () => {
    it('answers health and serves its OpenAPI 3.1 document', async () => {
      expect((await t.call('GET', '/health')).body.status).toBe('ok');
      const doc = await t.call('GET', '/openapi.json');
      expect(doc.body.openapi).toMatch(/^3\.1/);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/appeals',
          '/api/v1/appeals/{id}',
          '/api/v1/appeals/{id}/forward',
          '/api/v1/agencies/{agencyId}/inbox',
          '/api/v1/audit/appeals/{id}/history',
          '/api/v1/audit/appeals/{id}/state',
          '/api/v1/catalog',
          '/api/v1/auth/dev-token',
          '/api/v1/auth/dev-users',
          '/api/v1/stats/agencies',
        ]),
      );
    });

    it('lists kinds with terms, categories, regions and agencies in the catalog', async () => {
      const c = await t.call('GET', '/api/v1/catalog');
      expect(c.status).toBe(200);
      expect(c.body.kinds.find((k: { code: string }) => k.code === 'complaint')).toMatchObject({
        termDays: 20,
        regime: 'working',
      });
      expect(c.body.agencies.length).toBeGreaterThan(5);
      expect(c.body.regions.map((r: { kato: string }) => r.kato)).toContain('750000000');
    });
  });

  describe(`${label}: a citizen follows an appeal from submission to complaint`, () => {
    it('walks submit → register → route → forward → assign → extend → answer → rate → complaint, and the auditor sees every step', async () => {
      const citizen = await t.token('applicant', { sub: 'citizen-aigerim' });
      const bostandykRegistrar = await t.token('registrar', {
        agencyId: 'akimat-almaty-bostandyk',
        sub: 'reg-b',
      });
      const almatyRegistrar = await t.token('registrar', { agencyId: 'akimat-almaty', sub: 'reg-a' });
      const executor = await t.token('executor', { agencyId: 'akimat-almaty', sub: 'exec-1' });
      const approver = await t.token('approver', { agencyId: 'akimat-almaty', sub: 'head-deputy' });
      const auditor = await t.token('auditor', { sub: 'prosecutor-stat' });

      // submit and register
      const submitted = await t.call('POST', '/api/v1/appeals', { token: citizen, body: housingAppeal() });
      expect(submitted.status).toBe(201);
      const id = submitted.body.id as string;
      expect(submitted.body.registrationNumber).toMatch(/^\d{8}-[0-9A-Z]{6}$/);
      expect(submitted.body.trackingCode).toMatch(/^[0-9A-Z]{10}$/);
      expect(submitted.body.deadline).toMatchObject({ termDays: 15, regime: 'working' });
      expect(submitted.headers.get('location')).toBe(`/api/v1/appeals/${id}`);

      // routed by the rules to the district akimat: the server answers once its view shows it
      const read = (token: string, wait: AppealWait, appealId = id) =>
        readAppeal(t.call, appealId, wait, { token });
      let view = await read(citizen, { waitFor: 'routed' });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ status: 'routed', agencyId: 'akimat-almaty-bostandyk' });
      expect(view.body.drafts).toBeUndefined(); // internal drafts are staff-only
      const routedAt = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));

      // the district forwards it whole to the city akimat; the applicant is notified at once
      const fwd = await t.call('POST', `/api/v1/appeals/${id}/forward`, {
        token: bostandykRegistrar,
        body: {
          toAgencyId: 'akimat-almaty',
          scope: 'whole',
          reason: 'Теплоснабжение — компетенция городского акимата',
        },
      });
      expect(fwd.status).toBe(200);
      expect(fwd.body.events).toEqual(['AppealForwarded']);

      // the district no longer sees it; the city does
      expect(
        (
          await t.call('POST', `/api/v1/appeals/${id}/assign`, {
            token: bostandykRegistrar,
            body: { executorIds: ['x'] },
          })
        ).status,
      ).toBe(404);
      const assign = await t.call('POST', `/api/v1/appeals/${id}/assign`, {
        token: almatyRegistrar,
        body: { executorIds: ['exec-1'] },
      });
      expect(assign.body).toMatchObject({ status: 'in_progress', events: ['ExecutorsAssigned'] });

      // extend by a reasoned decision, within two months of registration
      view = await read(approver, { minVersion: assign.body.version });
      expect(view.body.status).toBe('in_progress');
      const due = new Date(`${view.body.deadline.dueOn}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + 7);
      const newDueOn = due.toISOString().slice(0, 10);
      const extend = await t.call('POST', `/api/v1/appeals/${id}/extend`, {
        token: approver,
        body: { newDueOn, reason: 'Требуется обследование теплосетей с участием подрядчика' },
      });
      expect(extend.status).toBe(200);
      // an executor may not extend
      expect(
        (
          await t.call('POST', `/api/v1/appeals/${id}/extend`, {
            token: executor,
            body: { newDueOn, reason: 'Требуется обследование ещё раз' },
          })
        ).status,
      ).toBe(403);

      // hearing, draft, approve, send
      expect(
        (
          await t.call('POST', `/api/v1/appeals/${id}/hearing`, {
            token: executor,
            body: { held: false, reason: 'Решение в пользу заявителя' },
          })
        ).status,
      ).toBe(200);
      const draft = await t.call('POST', `/api/v1/appeals/${id}/draft-answer`, {
        token: executor,
        body: {
          text: 'Подача тепла восстановлена 14 числа, подрядчик устранил аварию на теплотрассе.',
          decisionKind: 'give_answer',
          answerCharacter: 'satisfied',
          language: 'ru',
        },
      });
      expect(draft.status).toBe(200);
      view = await read(approver, { minVersion: draft.body.version });
      const draftId = Object.keys(view.body.drafts)[0];
      expect(draftId).toBeDefined();
      // sending before approval is refused by the rules
      const early = await t.call('POST', `/api/v1/appeals/${id}/send-answer`, {
        token: approver,
        body: { draftId },
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('APPEAL.DRAFT_NOT_APPROVED');
      expect(
        (await t.call('POST', `/api/v1/appeals/${id}/approve-answer`, { token: approver, body: { draftId } }))
          .status,
      ).toBe(200);
      const sent = await t.call('POST', `/api/v1/appeals/${id}/send-answer`, {
        token: approver,
        body: { draftId },
      });
      expect(sent.body).toMatchObject({ status: 'answered', events: ['AnswerSent'] });

      // the citizen reads the answer, rates it, and complains to the higher body
      view = await read(citizen, { minVersion: sent.body.version });
      expect(view.body.answer).toMatchObject({ answerCharacter: 'satisfied', onTime: true, language: 'ru' });
      expect(
        (
          await t.call('POST', `/api/v1/appeals/${id}/rate`, {
            token: citizen,
            body: { score: 2, comment: 'Тепло дали, но батареи едва тёплые' },
          })
        ).status,
      ).toBe(200);
      const complaint = await t.call('POST', `/api/v1/appeals/${id}/complain`, {
        token: citizen,
        body: { reason: 'Ответ формальный: температура в квартире 14 градусов.' },
      });
      expect(complaint.body.events).toEqual(['ComplaintFiled']);
      view = await read(citizen, { minVersion: complaint.body.version });
      const complaintId = view.body.complaints[0].complaintAppealId as string;
      // the complaint is a new appeal: registered by the response service, then routed asynchronously, through
      // the body complained about (the city akimat answered): it may satisfy it itself, else hands it on to gov
      const linked = await read(citizen, { waitFor: 'routed' }, complaintId);
      expect(linked.body).toMatchObject({
        kind: 'complaint',
        status: 'routed',
        agencyId: 'akimat-almaty',
        origin: {
          type: 'complaint',
          complainedAppealId: id,
          againstAgencyId: 'akimat-almaty',
          reviewerAgencyId: 'gov',
        },
      });
      expect(linked.body.deadline).toMatchObject({ termDays: 20, regime: 'working' });
      const handedOn = await t.call('POST', `/api/v1/appeals/${complaintId}/forward`, {
        token: almatyRegistrar,
        body: { toAgencyId: 'gov', scope: 'whole', reason: 'Жалоба рассматривается вышестоящим органом' },
      });
      expect(handedOn.body).toMatchObject({ status: 'routed', events: ['AppealForwarded'] });

      // the citizen's cabinet lists both
      const cabinet = await t.settled(
        () => t.call('GET', '/api/v1/me/appeals', { token: citizen }),
        (r) => (r.body?.items ?? []).length >= 2,
      );
      expect(cabinet.body.items.map((a: { appealId: string }) => a.appealId)).toEqual(
        expect.arrayContaining([id, complaintId]),
      );

      // the auditor sees every event with who, when and which service
      const history = await t.call('GET', `/api/v1/audit/appeals/${id}/history`, { token: auditor });
      expect(history.status).toBe(200);
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
        'AppealSubmitted',
        'AppealRegistered',
        'AppealRouted',
        'AppealForwarded',
        'ExecutorsAssigned',
        'DeadlineExtended',
        'HearingWaived',
        'AnswerDrafted',
        'AnswerApproved',
        'AnswerSent',
        'AnswerRated',
        'ComplaintFiled',
      ]);
      expect(history.body.events.map((e: { service: string }) => e.service)).toEqual([
        'intake',
        'intake',
        'routing',
        'routing',
        'response',
        'response',
        'response',
        'response',
        'response',
        'response',
        'response',
        'response',
      ]);
      expect(history.body.events[3].actor).toMatchObject({
        id: 'reg-b',
        role: 'registrar',
        agencyId: 'akimat-almaty-bostandyk',
      });
      // only auditors read histories
      expect((await t.call('GET', `/api/v1/audit/appeals/${id}/history`, { token: citizen })).status).toBe(
        403,
      );

      // state replayed as of the moment after routing, before the forward
      const then = await t.call(
        'GET',
        `/api/v1/audit/appeals/${id}/state?at=${encodeURIComponent(routedAt)}`,
        {
          token: auditor,
        },
      );
      expect(then.status).toBe(200);
      expect(then.body.state).toMatchObject({ status: 'routed', agencyId: 'akimat-almaty-bostandyk' });
      expect(then.body.eventsApplied).toBe(3);
      const now = await t.call(
        'GET',
        `/api/v1/audit/appeals/${id}/state?at=${encodeURIComponent(new Date().toISOString())}`,
        { token: auditor },
      );
      expect(now.body.state).toMatchObject({ status: 'answered', agencyId: 'akimat-almaty' });
    });

    it('lets a citizen without an account withdraw with the tracking code, and look the appeal up by number', async () => {
      const submitted = await t.call('POST', '/api/v1/appeals', {
        body: housingAppeal({ applicant: { type: 'individual', fullName: 'Ерлан Ахметов' } }),
      });
      expect(submitted.status).toBe(201);
      const { id, trackingCode, registrationNumber } = submitted.body;
      // AppealSubmitted and AppealRegistered, and AppealPossibleDuplicatesFound when the housing appeals filed before it
      // in this run match its text (docs/duplicates.md)
      expect([1, 2]).toContain(submitted.body.version);
      // the lookup reads the same view as GET /appeals/{id}: wait there for the routing, then look it up once
      expect(
        (await readAppeal(t.call, id, { waitFor: 'routed' }, { trackingCode })).headers.get('wait-condition'),
      ).toBe('met');
      const lookup = await t.call(
        'GET',
        `/api/v1/appeals/lookup?registrationNumber=${registrationNumber}&trackingCode=${trackingCode}`,
      );
      expect(lookup.body).toMatchObject({ appealId: id, status: 'routed' });
      expect(
        (
          await t.call(
            'GET',
            `/api/v1/appeals/lookup?registrationNumber=${registrationNumber}&trackingCode=WRONGCODE1`,
          )
        ).status,
      ).toBe(404);
      // without the code nobody else can withdraw it (and learns nothing about it)
      expect((await t.call('POST', `/api/v1/appeals/${id}/withdraw`, { body: {} })).status).toBe(404);
      const w = await t.call('POST', `/api/v1/appeals/${id}/withdraw`, {
        body: { reason: 'Вопрос решён' },
        headers: { 'x-tracking-code': trackingCode },
      });
      expect(w.body).toMatchObject({ status: 'withdrawn', events: ['AppealWithdrawn'] });
      const again = await t.call('POST', `/api/v1/appeals/${id}/withdraw`, {
        body: {},
        headers: { 'x-tracking-code': trackingCode },
      });
      expect(again.body.events).toEqual([]); // already satisfied: nothing new
      const withdrawn = await readAppeal(t.call, id, { minVersion: w.body.version }, { trackingCode });
      expect(withdrawn.body.status).toBe('withdrawn');
    });

    it('terminates an anonymous appeal on the anonymity ground, but forwards an anonymous crime report to the police', async () => {
      const anonymous = await t.call('POST', '/api/v1/appeals', {
        body: housingAppeal({ applicant: { type: 'anonymous' } }),
      });
      const head = await t.token('head', { agencyId: 'akimat-almaty', sub: 'akim' });
      // the head acts once the rules routed it to the akimat (the read view shows it then)
      await readAppeal(t.call, anonymous.body.id, { waitFor: 'routed' }, { token: head });
      const term = await t.call('POST', `/api/v1/appeals/${anonymous.body.id}/terminate`, {
        token: head,
        body: { ground: 'anonymous' },
      });
      expect(term.body).toMatchObject({ status: 'terminated', events: ['AppealTerminated'] });

      const crime = await t.call('POST', '/api/v1/appeals', {
        body: housingAppeal({
          applicant: { type: 'anonymous' },
          isAboutCrimeOrThreat: true,
          subject: 'Угроза поджога',
          categoryId: 'housing_utilities',
        }),
      });
      const police = await t.token('head', { agencyId: 'mvd', sub: 'mvd-head' });
      // the police see it once the rules routed it there (until then it is not theirs: the wait goes on)
      const view = await readAppeal(t.call, crime.body.id, { waitFor: 'routed' }, { token: police });
      expect(view.body.agencyId).toBe('mvd');
      const refused = await t.call('POST', `/api/v1/appeals/${crime.body.id}/terminate`, {
        token: police,
        body: { ground: 'anonymous' },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('APPEAL.ANONYMOUS_CRIME_MUST_BE_FORWARDED');

      // a registrar registers it for their own body, yet it goes to the police at once all the same
      const registrar = await t.token('registrar', { agencyId: 'akimat-almaty', sub: 'reg-crime' });
      const filed = await t.call('POST', '/api/v1/appeals', {
        token: registrar,
        body: housingAppeal({
          applicant: { type: 'anonymous' },
          isAboutCrimeOrThreat: true,
          subject: 'Угроза взрыва',
          channel: 'paper',
        }),
      });
      expect(filed.status).toBe(201);
      const routed = await readAppeal(t.call, filed.body.id, { waitFor: 'routed' }, { token: police });
      expect(routed.body.agencyId).toBe('mvd');
    });

    it('shows an agency inbox sorted by deadline with SLA state, and refuses other agencies', async () => {
      const staff = await t.token('executor', { agencyId: 'akimat-almaty', sub: 'exec-2' });
      const inbox = await t.settled(
        () => t.call('GET', '/api/v1/agencies/akimat-almaty/inbox', { token: staff }),
        (r) => r.body?.total > 0,
      );
      expect(inbox.status).toBe(200);
      expect(inbox.body.total).toBeGreaterThan(0);
      const dues = inbox.body.items.map((a: { dueAt: string }) => a.dueAt);
      expect([...dues].sort()).toEqual(dues);
      expect(inbox.body.items[0].sla).toMatch(/on_time|due_soon|overdue|closed/);
      expect((await t.call('GET', '/api/v1/agencies/akimat-astana/inbox', { token: staff })).status).toBe(
        403,
      );
      const overdue = await t.call('GET', '/api/v1/agencies/akimat-almaty/inbox?overdue=true', {
        token: staff,
      });
      expect(overdue.body.total).toBe(0);
    });

    it('lists the demo users, searches appeals within the caller’s reach, and publishes per-agency statistics', async () => {
      const users = await t.call('GET', '/api/v1/auth/dev-users');
      expect(users.status).toBe(200);
      expect(users.body.users).toContainEqual(
        expect.objectContaining({ sub: 'approver-almaty', role: 'approver', agencyId: 'akimat-almaty' }),
      );

      const auditor = await t.token('auditor', { sub: 'auditor-search' });
      const from = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
      const found = await t.call(
        'GET',
        `/api/v1/appeals?agencyId=akimat-almaty&status=answered&from=${from}`,
        {
          token: auditor,
        },
      );
      expect(found.status).toBe(200);
      expect(found.body.total).toBeGreaterThanOrEqual(1);
      const registered = found.body.items.map((a: { registeredAt: string }) => a.registeredAt);
      expect([...registered].sort().reverse()).toEqual(registered);
      expect(found.body.items[0]).toMatchObject({ status: 'answered', sla: 'closed' });
      const outsider = await t.token('executor', { agencyId: 'mon', sub: 'exec-mon' });
      const refused = await t.call('GET', '/api/v1/appeals?agencyId=akimat-almaty', { token: outsider });
      expect(refused.status).toBe(403);
      const bad = await t.call('GET', '/api/v1/appeals?from=2026-02-30', { token: auditor });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('query.from');

      const stats = await t.call('GET', '/api/v1/stats/agencies');
      expect(stats.status).toBe(200);
      const almaty = stats.body.items.find((i: { agencyId: string }) => i.agencyId === 'akimat-almaty');
      expect(almaty.answered).toBeGreaterThanOrEqual(1);
      expect(almaty.ratings).toBeGreaterThanOrEqual(1);
      expect(almaty.answeredOnTimePct).toBe(
        Math.round((1000 * almaty.answeredOnTime) / almaty.answered) / 10,
      );
      expect(almaty.name.ru).toMatch(/Алматы/);
    });
  });
}
