import type { EventData } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { responseRouter } from './response.http';

// Repeated response commands over HTTP (issue 10, defects 7 and 8): the same complaint or draft sent twice makes one
// complaint, one draft; a repeat answers 200 with the current version and no events; an older draft is superseded;
// every action honours Idempotency-Key (docs/adr: repeated commands).

const { citizen: CITIZEN, head: HEAD, executor: EXECUTOR, approver: APPROVER } = principals;

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(responseRouter({ ...s, service: 'response' }));
});
afterEach(async () => {
  await s.stop();
});

const act = (appealId: string, action: string, body: object, who: Principal, key?: string) =>
  s.post(`/appeals/${appealId}/${action}`, who, body, key ? { 'Idempotency-Key': key } : {});
const answer = (text = 'Теплоснабжение дома восстановлено.') => ({
  text,
  decisionKind: 'give_answer',
  answerCharacter: 'satisfied',
  language: 'ru',
});
const typesOf = async (appealId: string) => (await s.events(appealId)).map((e) => e.type);
const draftIds = async (appealId: string) =>
  (await s.events(appealId))
    .filter((e) => e.type === 'AnswerDrafted')
    .map((e) => (e.data as EventData<'AnswerDrafted'>).draftId);

/** A routed appeal with its executor assigned (Mon 2 Mar). */
async function inProgress(): Promise<string> {
  const id = await s.routedAppeal();
  expect((await act(id, 'assign', { executorIds: [EXECUTOR.sub] }, HEAD)).status).toBe(200);
  return id;
}

/** An appeal answered on Fri 20 Mar with its only draft. */
async function answered(): Promise<string> {
  const id = await inProgress();
  await act(id, 'draft-answer', answer(), EXECUTOR);
  const [draftId] = await draftIds(id);
  await act(id, 'approve-answer', { draftId }, APPROVER);
  s.setNow('2026-03-20T15:00:00+05:00');
  expect((await act(id, 'send-answer', { draftId }, APPROVER)).body.events).toEqual(['AnswerSent']);
  return id;
}

describe('the same draft sent twice without a key', () => {
  it('makes one draft; the repeat answers the current version with no events', async () => {
    const id = await inProgress();
    const first = await act(id, 'draft-answer', answer(), EXECUTOR);
    const repeat = await act(id, 'draft-answer', answer(), EXECUTOR);

    expect(first.body.events).toEqual(['AnswerDrafted']);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ events: [], version: first.body.version });
    expect(repeat.headers.etag).toBe(`W/"${first.body.version}"`);
    expect(await draftIds(id)).toHaveLength(1);
  });
});

describe('a draft with an Idempotency-Key', () => {
  it('replays the first answer to the same body, and refuses another body under the key naming the header', async () => {
    const id = await inProgress();
    const first = await act(id, 'draft-answer', answer(), EXECUTOR, 'draft-1');
    const replay = await act(id, 'draft-answer', answer(), EXECUTOR, 'draft-1');
    const other = await act(
      id,
      'draft-answer',
      answer('Иной текст ответа заявителю о ремонте.'),
      EXECUTOR,
      'draft-1',
    );

    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
    expect(await draftIds(id)).toHaveLength(1);
  });
});

describe('an approved draft superseded by a newer one', () => {
  it('cannot be sent: 409 APPEAL.DRAFT_SUPERSEDED naming the draft, and nothing is appended', async () => {
    const id = await inProgress();
    await act(id, 'draft-answer', answer(), EXECUTOR);
    const [older] = await draftIds(id);
    await act(id, 'approve-answer', { draftId: older }, APPROVER);
    await act(id, 'draft-answer', answer('Уточнённый ответ: ремонт завершится в апреле.'), EXECUTOR);
    const before = await typesOf(id);

    const reply = await act(id, 'send-answer', { draftId: older }, APPROVER);

    expect(reply.status).toBe(409);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.body.code).toBe('APPEAL.DRAFT_SUPERSEDED');
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.draftId' })]);
    expect(reply.body.detail).toContain(older);
    expect(await typesOf(id)).toEqual(before);
  });
});

describe('the same complaint sent twice', () => {
  it('without a key files one complaint and creates one complaint appeal', async () => {
    const id = await answered();
    s.setNow('2026-03-30T10:00:00+05:00');
    const reason = { reason: 'Отопление снова отключили.' };
    const first = await act(id, 'complain', reason, CITIZEN);
    const appeals = await s.appealCount();
    const repeat = await act(id, 'complain', reason, CITIZEN);

    expect(first.body.events).toEqual(['ComplaintFiled']);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ events: [], version: first.body.version });
    expect((await typesOf(id)).filter((t) => t === 'ComplaintFiled')).toHaveLength(1);
    expect(await s.appealCount()).toBe(appeals);
  });

  it('with the same key replays the first answer', async () => {
    const id = await answered();
    s.setNow('2026-03-30T10:00:00+05:00');
    const reason = { reason: 'Отопление снова отключили.' };
    const first = await act(id, 'complain', reason, CITIZEN, 'complaint-1');
    const replay = await act(id, 'complain', reason, CITIZEN, 'complaint-1');

    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await typesOf(id)).filter((t) => t === 'ComplaintFiled')).toHaveLength(1);
  });
});

describe('closing twice', () => {
  it('a second withdrawal is a no-op; a termination after it is refused as CLOSED', async () => {
    const id = await inProgress();
    const first = await act(id, 'withdraw', {}, CITIZEN);
    const repeat = await act(id, 'withdraw', {}, CITIZEN);
    const terminate = await act(id, 'terminate', { ground: 'returned' }, HEAD);

    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ status: 'withdrawn', events: [], version: first.body.version });
    expect(terminate.status).toBe(409);
    expect(terminate.body.code).toBe('APPEAL.CLOSED');
  });
});
