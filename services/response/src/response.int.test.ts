import { hashTrackingCode } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import type { StoredEvent } from '@appeals/eventstore';
import type { Principal } from '@appeals/http';
import { TRACKING_CODE, actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { responseRouter } from './response.http';

// The response service on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it), with an
// injected clock the tests move forward. Submission and routing belong to other services, so they are the given:
// run straight through the appeal commands.

const { citizen: CITIZEN, head: HEAD, executor: EXECUTOR, approver: APPROVER } = principals;

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(responseRouter({ ...s, service: 'response' }));
});

/** POST /api/v1/appeals/{id}/{action} as `who` (nobody when undefined), optionally with a tracking code. */
const act = (appealId: string, action: string, body: object, who?: Principal, trackingCode?: string) =>
  s.post(
    `/appeals/${appealId}/${action}`,
    who,
    body,
    trackingCode ? { 'x-tracking-code': trackingCode } : {},
  );

/** A housing appeal filed Mon 2 Mar 10:00 and routed to the Bostandyk district akimat (due Fri 27 Mar). */
const routedAppeal = () => s.routedAppeal({ numbering: { type: 'dated', serial: 'ABC123' } });

/** Assigns an executor and drafts an answer over HTTP; returns the draft id. */
async function drafted(appealId: string): Promise<string> {
  expect((await act(appealId, 'assign', { executorIds: [EXECUTOR.sub] }, HEAD)).status).toBe(200);
  const reply = await act(
    appealId,
    'draft-answer',
    {
      text: 'Теплоснабжение дома восстановлено, причина аварии устранена.',
      decisionKind: 'give_answer',
      answerCharacter: 'satisfied',
      language: 'ru',
    },
    EXECUTOR,
  );
  expect(reply.status).toBe(200);
  const drafted = (await s.events(appealId)).filter((e) => e.type === 'AnswerDrafted').at(-1)!;
  return (drafted.data as EventData<'AnswerDrafted'>).draftId;
}

const ofType = <T>(events: StoredEvent[], type: string) => events.find((e) => e.type === type)?.data as T;

/** The applicant's complaint about an appeal, as the citizen unless someone else is given. */
const complain = (
  appealId: string,
  body: object,
  who: Principal | undefined = CITIZEN,
  trackingCode?: string,
) => act(appealId, 'complain', body, who, trackingCode);

/** The ComplaintFiled on the complained appeal, and the events of the complaint appeal it created. */
async function filedComplaint(appealId: string) {
  const filed = ofType<EventData<'ComplaintFiled'>>(await s.events(appealId), 'ComplaintFiled');
  const complaint = await s.events(filed.complaintAppealId);
  return {
    filed,
    complaint,
    submitted: ofType<EventData<'AppealSubmitted'>>(complaint, 'AppealSubmitted'),
    registered: ofType<EventData<'AppealRegistered'>>(complaint, 'AppealRegistered'),
  };
}

describe('a complaint through the body complained about to the higher body', () => {
  let appealId: string;
  beforeEach(async () => {
    appealId = await routedAppeal();
    const draftId = await drafted(appealId);
    expect((await act(appealId, 'approve-answer', { draftId }, APPROVER)).status).toBe(200);
    s.setNow('2026-03-20T15:00:00+05:00'); // Friday
    expect((await act(appealId, 'send-answer', { draftId }, APPROVER)).body.events).toEqual(['AnswerSent']);
  });

  describe('when the applicant complains within three months of the answer', () => {
    it('creates a linked complaint appeal addressed to the body complained about, reviewed by the higher agency, and records ComplaintFiled on the original', async () => {
      s.setNow('2026-03-30T10:00:00+05:00'); // Monday
      const reply = await complain(appealId, {
        reason: 'Отопление снова отключили через два дня после ответа.',
      });

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: appealId, status: 'answered', events: ['ComplaintFiled'] });
      const { filed, complaint, submitted, registered } = await filedComplaint(appealId);
      expect(filed).toMatchObject({
        higherAgencyId: 'akimat-almaty', // the district akimat's parent in the catalog
        againstAgencyId: 'akimat-almaty-bostandyk',
        kind: 'complaint',
        filedAt: '2026-03-30T05:00:00.000Z',
        windowEndsAt: '2026-06-22T18:59:59.999Z', // Sat 20 Jun is a day off: Mon 22 Jun
      });
      expect(filed.late).toBeUndefined();
      // the reason is the applicant's own words: sealed, and the very same sealed value is the complaint's text
      expect(JSON.stringify(filed)).not.toContain('Отопление');
      expect(await s.vault.open(filed.reason, 'text')).toEqual({
        status: 'present',
        value: 'Отопление снова отключили через два дня после ответа.',
      });

      expect(complaint.map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealRegistered']);
      expect(complaint.every((e) => e.metadata.service === 'response')).toBe(true);
      expect(submitted).toMatchObject({
        kind: 'complaint',
        // it goes through the body complained about, which may satisfy it or hands it on (APPK Art. 91–92)
        addressedAgencyId: 'akimat-almaty-bostandyk',
        subject: 'Complaint: Нет отопления',
        text: filed.reason,
        applicantAccountId: CITIZEN.sub,
        trackingCodeHash: hashTrackingCode(TRACKING_CODE), // followed with the same code
        origin: {
          type: 'complaint',
          complainedAppealId: appealId,
          againstAgencyId: 'akimat-almaty-bostandyk',
          reviewerAgencyId: 'akimat-almaty',
        },
      });
      // A complaint runs 20 working days from Mon 30 Mar: 31 Mar, 1–3 Apr (4), 6–10 (9), 13–17 (14), 20–24 (19), Mon 27 Apr (20).
      expect(registered).toMatchObject({
        registrationNumber: '20260302-ABC123-C1',
        registeredOn: '2026-03-30',
        deadline: { dueOn: '2026-04-27', termDays: 20, regime: 'working' },
      });
    });

    it('accepts it from a tracking-code holder without an account, up to the last minute of the window', async () => {
      // three months after Fri 20 March is Sat 20 June, a day off: the window runs to the end of Mon 22 June
      s.setNow('2026-06-22T23:59:00+05:00');
      const reply = await complain(
        appealId,
        { reason: 'Проблема с отоплением так и не решена.' },
        undefined,
        TRACKING_CODE,
      );

      expect(reply.status).toBe(200);
      expect(reply.body.events).toEqual(['ComplaintFiled']);
    });
  });

  describe('when the three-month window has closed', () => {
    it('registers the complaint all the same, marked late, for the higher body to decide', async () => {
      s.setNow('2026-06-23T00:00:00+05:00');

      const reply = await complain(appealId, { reason: 'Проблема с отоплением так и не решена.' });

      expect(reply.status).toBe(200);
      expect(reply.body.events).toEqual(['ComplaintFiled']);
      const late = { windowEndsAt: '2026-06-22T18:59:59.999Z', filedAt: '2026-06-22T19:00:00.000Z' };
      const { filed, submitted } = await filedComplaint(appealId);
      expect(filed.late).toEqual(late);
      expect(submitted.origin).toMatchObject({ late });
    });
  });

  describe('when the higher body has a late complaint', () => {
    const CITY_HEAD = { sub: 'head-a', role: 'head', agencyId: 'akimat-almaty' } as Principal;

    it('restores its missed term once the body complained about handed it on, not before', async () => {
      s.setNow('2026-06-24T10:00:00+05:00');
      await complain(appealId, { reason: 'Проблема с отоплением так и не решена.' });
      const complaintId = (await filedComplaint(appealId)).filed.complaintAppealId;
      await s.route(complaintId, 'akimat-almaty-bostandyk');
      const restore = () =>
        act(complaintId, 'restore-complaint-term', { reason: 'Заявитель был в больнице.' }, CITY_HEAD);

      const early = await restore();
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('APPEAL.COMPLAINT_NOT_WITH_REVIEWER');

      await s.commands.execute(
        complaintId,
        {
          type: 'ForwardAppeal',
          now: s.clock(),
          actor: actors.head,
          data: { toAgencyId: 'akimat-almaty', scope: 'whole', reason: 'Жалоба для вышестоящего органа' },
        },
        { service: 'routing' },
      );
      const reply = await restore();
      expect(reply.status).toBe(200);
      expect(reply.body.events).toEqual(['ComplaintTermRestored']);
    });
  });

  describe('when the applicant names the kind of complaint', () => {
    it('files a complaint about a public service with its own term of 5 working days', async () => {
      s.setNow('2026-03-30T10:00:00+05:00'); // Monday
      const reply = await complain(appealId, {
        reason: 'Справку так и не выдали в срок.',
        kind: 'public_service_complaint',
      });

      expect(reply.status).toBe(200);
      const { submitted, registered } = await filedComplaint(appealId);
      expect(submitted.kind).toBe('public_service_complaint');
      // 5 working days after Mon 30 Mar: 31 Mar, 1, 2, 3, Mon 6 Apr
      expect(registered.deadline).toMatchObject({
        dueOn: '2026-04-06',
        termDays: 5,
      });
    });

    it('answers 400 naming body.kind for a kind that is not a complaint, and creates or seals nothing', async () => {
      const seal = jest.spyOn(s.vault, 'seal');
      const before = await s.logSize();

      const reply = await complain(appealId, {
        reason: 'Проблема с отоплением так и не решена.',
        kind: 'application',
      });

      expect(reply.status).toBe(400);
      expect(reply.type).toBe('application/problem+json');
      expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.kind' })]);
      expect(await s.logSize()).toBe(before);
      expect(seal).not.toHaveBeenCalled();
    });
  });

  describe('when there is nothing to complain about yet', () => {
    it('answers 409 APPEAL.NOT_COMPLAINABLE for an appeal still in progress, and creates nothing', async () => {
      const open = await routedAppeal();
      const before = await s.logSize();

      const reply = await complain(open, { reason: 'Слишком долго рассматривают обращение.' });

      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('APPEAL.NOT_COMPLAINABLE');
      expect(await s.logSize()).toBe(before);
    });

    it('seals nothing for the refused complaint', async () => {
      const open = await routedAppeal();
      const seal = jest.spyOn(s.vault, 'seal');

      await complain(open, { reason: 'Слишком долго рассматривают обращение.' });

      expect(seal).not.toHaveBeenCalled();
    });
  });

  describe('when no higher body reviews complaints about the body that answered', () => {
    it('answers 409 APPEAL.NO_COMPLAINT_REVIEWER instead of letting the top body review itself', async () => {
      const top = await s.submitAppeal({ numbering: { type: 'dated', serial: 'GOV001' } });
      await s.route(top, 'gov');
      await s.commands.execute(
        top,
        {
          type: 'TerminateAppeal',
          now: s.clock(),
          actor: actors.head,
          data: { ground: 'substance_not_stated' },
        },
        { service: 'response' },
      );
      const before = await s.logSize();

      const reply = await complain(top, { reason: 'Прекращение рассмотрения незаконно.' });

      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('APPEAL.NO_COMPLAINT_REVIEWER');
      expect(await s.logSize()).toBe(before);
    });
  });
});

describe('who may do what', () => {
  let appealId: string;
  let draftId: string;
  beforeEach(async () => {
    appealId = await routedAppeal();
    draftId = await drafted(appealId);
  });

  const approveCases: Array<[string, Principal | undefined, string | undefined, number]> = [
    ['an executor of the agency (may draft, not approve)', EXECUTOR, undefined, 403],
    ['the applicant who filed it', CITIZEN, undefined, 403],
    // staff actions need a signed-in staff member: no token is a 401, before the appeal is even looked up
    ['a tracking-code holder', undefined, TRACKING_CODE, 401],
    [
      'an approver of another agency',
      { sub: 'approver-mon', role: 'approver', agencyId: 'mon' },
      undefined,
      404,
    ],
    [
      'an approver of a sibling district',
      { sub: 'approver-almaly', role: 'approver', agencyId: 'akimat-almaty-almaly' },
      undefined,
      404,
    ],
    ['nobody at all', undefined, undefined, 401],
  ];
  it.each(approveCases)(
    'refuses approving the draft to %s and appends nothing',
    async (_who, who, code, status) => {
      const before = await s.logSize();
      const reply = await act(appealId, 'approve-answer', { draftId }, who, code);

      expect(reply.status).toBe(status);
      expect(reply.type).toBe('application/problem+json');
      expect(await s.logSize()).toBe(before);
    },
  );

  it.each([
    ['an approver of the agency', APPROVER],
    [
      'the head of the city akimat above it',
      { sub: 'head-a', role: 'head', agencyId: 'akimat-almaty' } as Principal,
    ],
  ])('lets %s approve the draft', async (_who, who) => {
    const reply = await act(appealId, 'approve-answer', { draftId }, who);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: appealId, status: 'in_progress', events: ['AnswerApproved'] });
    expect(ofType<EventData<'AnswerApproved'>>(await s.events(appealId), 'AnswerApproved').approvedBy).toBe(
      who.sub,
    );
  });

  const withdrawCases: Array<[string, Principal | undefined, string | undefined, number]> = [
    ['an applicant with a wrong tracking code', undefined, 'WRONG00000', 404],
    ['another applicant’s account', { sub: 'citizen-2', role: 'applicant' }, undefined, 404],
    [
      'another applicant’s account with a wrong code',
      { sub: 'citizen-2', role: 'applicant' },
      'WRONG00000',
      404,
    ],
    ['the head of the agency', HEAD, undefined, 403],
  ];
  it.each(withdrawCases)(
    'refuses withdrawing the appeal to %s and appends nothing',
    async (_who, who, code, status) => {
      const before = await s.logSize();
      const reply = await act(appealId, 'withdraw', { reason: 'Вопрос решён' }, who, code);

      expect(reply.status).toBe(status);
      expect(await s.logSize()).toBe(before);
    },
  );

  it('lets the holder of the right tracking code withdraw the appeal, acting as the applicant', async () => {
    const reply = await act(appealId, 'withdraw', { reason: 'Вопрос решён' }, undefined, TRACKING_CODE);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'withdrawn', events: ['AppealWithdrawn'] });
    const withdrawn = (await s.events(appealId)).find((e) => e.type === 'AppealWithdrawn')!;
    expect(withdrawn.metadata).toMatchObject({
      service: 'response',
      actor: { id: 'tracking-code-holder', role: 'applicant' },
    });
  });

  it('answers 404 for an appeal that does not exist', async () => {
    expect((await act(randomUUID(), 'approve-answer', { draftId }, APPROVER)).status).toBe(404);
  });
});

describe('the agency’s work on an appeal', () => {
  it('answers a repeated send with 200 and no new events', async () => {
    const appealId = await routedAppeal();
    const draftId = await drafted(appealId);
    await act(appealId, 'approve-answer', { draftId }, APPROVER);
    expect((await act(appealId, 'send-answer', { draftId }, APPROVER)).body.events).toEqual(['AnswerSent']);
    const before = await s.logSize();

    const again = await act(appealId, 'send-answer', { draftId }, APPROVER);

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'answered', events: [] });
    expect(await s.logSize()).toBe(before);
    // the version is the appeal's, with or without new events: the stream position of its last event
    const last = (await s.events(appealId)).at(-1)!.streamPosition;
    expect(again.body.version).toBe(last);
    expect(again.headers.etag).toBe(`W/"${last}"`);
  });

  it('refuses to send a draft nobody approved (409 APPEAL.DRAFT_NOT_APPROVED)', async () => {
    const appealId = await routedAppeal();
    const draftId = await drafted(appealId);

    const reply = await act(appealId, 'send-answer', { draftId }, APPROVER);

    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('APPEAL.DRAFT_NOT_APPROVED');
  });

  it('refuses an extension beyond two months from registration with 400 naming body.newDueOn', async () => {
    const appealId = await routedAppeal();

    const reply = await act(
      appealId,
      'extend',
      { newDueOn: '2026-05-04', reason: 'Требуется экспертиза теплосети' },
      HEAD,
    );

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'APPEAL.EXTENSION_TOO_LONG',
      errors: [{ field: 'body.newDueOn' }],
    });
  });
});

it('documents every response route in OpenAPI', () => {
  const paths = Object.keys(s.registry.document().paths ?? {});
  for (const action of [
    'assign',
    'extend',
    'hearing',
    'draft-answer',
    'approve-answer',
    'send-answer',
    'terminate',
    'withdraw',
    'rate',
    'reopen',
    'complain',
  ])
    expect(paths).toContain(`/api/v1/appeals/{id}/${action}`);
});
