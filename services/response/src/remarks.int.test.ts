import type { EventData, Sealed } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { responseRouter } from './response.http';

// The applicant's remarks after filing (rating comment, reasons to withdraw or reopen) reach the log sealed under the
// appeal's data subject, purpose `remark` (ADR "sealed read views"); a repeat with the same words stays a repeat.

const { citizen: CITIZEN } = principals;
const COMMENT = 'Батареи едва тёплые, ответ не помог';

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(responseRouter({ ...s, service: 'response' }));
});
afterEach(() => s.stop());

const act = (appealId: string, action: string, body: object, who: Principal = CITIZEN) =>
  s.post(`/appeals/${appealId}/${action}`, who, body);

/** A routed appeal answered through the appeal commands (the given: other tests cover those steps over HTTP). */
async function answeredAppeal(): Promise<string> {
  const appealId = await s.routedAppeal();
  const run = (type: string, data: object, actor = actors.head) =>
    s.commands.execute(appealId, { type, now: s.clock(), actor, data } as never, { service: 'response' });
  await run('AssignExecutors', { executorIds: ['exec-1'] });
  await run('DraftAnswer', {
    draftId: '00000000-0000-4000-8000-00000000d0a1',
    text: 'Подача тепла восстановлена.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  });
  await run('ApproveAnswer', { draftId: '00000000-0000-4000-8000-00000000d0a1' });
  await run('SendAnswer', { draftId: '00000000-0000-4000-8000-00000000d0a1' });
  return appealId;
}

const dataOf = async <T>(appealId: string, type: string) =>
  (await s.events(appealId)).filter((e) => e.type === type).map((e) => e.data as T);

describe('a rating comment', () => {
  it('is sealed in AnswerRated under the appeal subject, opens to the words, and the same rating again is a no-op', async () => {
    const appealId = await answeredAppeal();
    const first = await act(appealId, 'rate', { score: 2, comment: COMMENT });
    expect(first.body.events).toEqual(['AnswerRated']);
    const [rated] = await dataOf<EventData<'AnswerRated'>>(appealId, 'AnswerRated');
    const [submitted] = await dataOf<EventData<'AppealSubmitted'>>(appealId, 'AppealSubmitted');
    expect(JSON.stringify(rated)).not.toContain('Батареи');
    const sealed = rated!.comment as Sealed;
    expect(sealed.subjectId).toBe(submitted!.text.subjectId);
    expect(await s.vault.open(sealed, 'remark')).toEqual({ status: 'present', value: COMMENT });

    const again = await act(appealId, 'rate', { score: 2, comment: COMMENT });
    expect(again.status).toBe(200);
    expect(again.body.events).toEqual([]);
    const changed = await act(appealId, 'rate', { score: 2, comment: 'Передумала: всё хорошо' });
    expect(changed.body.events).toEqual(['AnswerRated']);
  });
});

describe('the reasons to reopen and to withdraw', () => {
  it('are sealed; reopening again for the same reason is a no-op', async () => {
    const appealId = await answeredAppeal();
    await act(appealId, 'rate', { score: 1 });
    const reason = 'Тепла в квартире так и нет';
    expect((await act(appealId, 'reopen', { reason })).body.events).toEqual(['AppealReopened']);
    expect((await act(appealId, 'reopen', { reason })).body.events).toEqual([]);
    const [reopened] = await dataOf<EventData<'AppealReopened'>>(appealId, 'AppealReopened');
    expect(await s.vault.open(reopened!.reason as Sealed, 'remark')).toEqual({
      status: 'present',
      value: reason,
    });

    const withdrawal = 'Решили вопрос с соседями';
    expect((await act(appealId, 'withdraw', { reason: withdrawal })).body.events).toEqual([
      'AppealWithdrawn',
    ]);
    const [withdrawn] = await dataOf<EventData<'AppealWithdrawn'>>(appealId, 'AppealWithdrawn');
    expect(JSON.stringify(withdrawn)).not.toContain(withdrawal);
    expect(await s.vault.open(withdrawn!.reason as Sealed, 'remark')).toEqual({
      status: 'present',
      value: withdrawal,
    });
  });

  it('cannot be sealed once the applicant was erased: 409 personal-data-erased, nothing recorded', async () => {
    const appealId = await answeredAppeal();
    const [submitted] = await dataOf<EventData<'AppealSubmitted'>>(appealId, 'AppealSubmitted');
    await s.vault.erase(submitted!.text.subjectId, s.clock());
    const reply = await act(appealId, 'rate', { score: 3, comment: COMMENT });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('PERSONAL_DATA.ERASED');
    expect(await dataOf(appealId, 'AnswerRated')).toEqual([]);
    // without words there is nothing to seal
    expect((await act(appealId, 'rate', { score: 3 })).body.events).toEqual(['AnswerRated']);
  });
});
