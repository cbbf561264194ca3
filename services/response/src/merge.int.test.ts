import type { EventData } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { responseRouter } from './response.http';

// Duplicates over HTTP: merging appeal B into A (one case, one answer), and terminating an appeal as a repeat of an
// earlier answered one. Filing and routing are the given, run straight through the appeal commands.

const {
  citizen: CITIZEN,
  registrar: REGISTRAR,
  executor: EXECUTOR,
  approver: APPROVER,
  head: HEAD,
} = principals;
const ELSEWHERE: Principal = { sub: 'reg-x', role: 'registrar', agencyId: 'akimat-astana' };

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(responseRouter({ ...s, service: 'response' }));
});
afterEach(() => s.stop());

const act = (appealId: string, action: string, body: object, who?: Principal) =>
  s.post(`/appeals/${appealId}/${action}`, who, body);
const types = async (appealId: string) => (await s.events(appealId)).map((e) => e.type);
const routed = (serial: string) => s.routedAppeal({ numbering: { type: 'dated', serial } });

/** Assigns, drafts, approves and sends an answer over HTTP. */
async function answer(appealId: string) {
  expect((await act(appealId, 'assign', { executorIds: [EXECUTOR.sub] }, HEAD)).status).toBe(200);
  const text = 'Теплоснабжение дома восстановлено, причина аварии устранена.';
  const body = { text, decisionKind: 'give_answer', answerCharacter: 'satisfied', language: 'ru' };
  expect((await act(appealId, 'draft-answer', body, EXECUTOR)).status).toBe(200);
  const draftId = ((await s.events(appealId)).at(-1)!.data as EventData<'AnswerDrafted'>).draftId;
  expect((await act(appealId, 'approve-answer', { draftId }, APPROVER)).status).toBe(200);
  expect((await act(appealId, 'send-answer', { draftId }, APPROVER)).status).toBe(200);
}

describe('POST /appeals/{id}/merge', () => {
  let a: string;
  let b: string;
  beforeEach(async () => {
    a = await routed('AAAAAA');
    b = await routed('BBBBBB');
  });

  it('closes B as merged into A, and A lists B', async () => {
    const reply = await act(b, 'merge', { intoAppealId: a }, REGISTRAR);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: b, status: 'merged', events: ['AppealMerged'] });
    const merged = (await s.events(b)).at(-1)!.data as EventData<'AppealMerged'>;
    expect(merged).toMatchObject({ intoAppealId: a, intoRegistrationNumber: '20260302-AAAAAA' });
    const listed = (await s.events(a)).at(-1)!;
    expect(listed).toMatchObject({
      type: 'DuplicateAppealMerged',
      data: { duplicateAppealId: b, duplicateRegistrationNumber: '20260302-BBBBBB' },
      metadata: { service: 'response', causationId: b },
    });
  });

  it('lets the executor merge too, and changes nothing when asked again', async () => {
    expect((await act(b, 'merge', { intoAppealId: a }, EXECUTOR)).status).toBe(200);
    const again = await act(b, 'merge', { intoAppealId: a }, REGISTRAR);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'merged', events: [] });
    expect((await types(a)).filter((t) => t === 'DuplicateAppealMerged')).toHaveLength(1);
  });

  it('merges into an answered A, whose answer then answers B', async () => {
    await answer(a);
    expect((await act(b, 'merge', { intoAppealId: a }, REGISTRAR)).body.status).toBe('merged');
  });

  it('answers 400 naming intoAppealId for B itself, an unknown appeal, or one the caller may not see, and writes nothing', async () => {
    const hidden = await s.submitAppeal({ numbering: { type: 'dated', serial: 'HIDDEN' } });
    await s.route(hidden, 'akimat-astana');
    for (const intoAppealId of [b, randomUUID(), hidden, 'not-a-uuid']) {
      const reply = await act(b, 'merge', { intoAppealId }, REGISTRAR);
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toContain('application/problem+json');
      expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.intoAppealId' })]);
    }
    expect(await types(b)).not.toContain('AppealMerged');
    expect(await types(a)).not.toContain('DuplicateAppealMerged');
    expect(await types(hidden)).not.toContain('DuplicateAppealMerged');
  });

  it('answers 409 when A is closed without an answer, and writes nothing', async () => {
    expect((await act(a, 'terminate', { ground: 'substance_not_stated' }, HEAD)).status).toBe(200);
    const reply = await act(b, 'merge', { intoAppealId: a }, REGISTRAR);
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('APPEAL.MERGE_TARGET_CLOSED');
    expect(await types(a)).not.toContain('DuplicateAppealMerged');
  });

  it('refuses the applicant, approvers and staff of other agencies', async () => {
    expect((await act(b, 'merge', { intoAppealId: a }, CITIZEN)).status).toBe(403);
    expect((await act(b, 'merge', { intoAppealId: a }, APPROVER)).status).toBe(403);
    expect((await act(b, 'merge', { intoAppealId: a }, ELSEWHERE)).status).toBe(404);
  });
});

describe('terminating an appeal as repeated with no new arguments', () => {
  let earlier: string;
  let repeat: string;
  beforeEach(async () => {
    earlier = await routed('AAAAAA');
    repeat = await routed('BBBBBB');
  });
  const terminate = (body: object) =>
    act(repeat, 'terminate', { ground: 'repeated_no_new_arguments', ...body }, HEAD);

  it('terminates with a link to the earlier answered appeal', async () => {
    await answer(earlier);
    const reply = await terminate({ linkedAppealId: earlier });
    expect(reply.status).toBe(200);
    expect((await s.events(repeat)).at(-1)!.data).toMatchObject({
      ground: 'repeated_no_new_arguments',
      linkedAppealId: earlier,
    });
  });

  it('answers 400 naming linkedAppealId without it, or for an appeal that is not there', async () => {
    for (const body of [{}, { linkedAppealId: randomUUID() }]) {
      const reply = await terminate(body);
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.linkedAppealId' })]);
    }
  });

  it('answers 409 naming linkedAppealId when the earlier appeal was not answered, and terminates nothing', async () => {
    const reply = await terminate({ linkedAppealId: earlier });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ code: 'APPEAL.LINKED_APPEAL_NOT_ANSWERED' });
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.linkedAppealId' })]);
    expect(await types(repeat)).not.toContain('AppealTerminated');
  });
});
