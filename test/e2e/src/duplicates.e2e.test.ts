import { readAppeal, startSystem, type AppealWait, type TestSystem } from './client';
import { housingAppeal } from './lifecycle.scenarios';

// Repeated and duplicate appeals end to end (docs/duplicates.md), on the embedded system over HTTP: a second
// applicant files a retyped copy of an appeal; intake finds the first, staff see the link and merge the copy into
// it; the first appeal's answer then answers both, and the second applicant reads it through their own appeal.
// Applicants never see other people's appeals. An unrelated appeal finds nothing.

let t: TestSystem;
beforeAll(async () => {
  t = await startSystem();
});
afterAll(async () => {
  await t.stop();
});

const AGENCY = 'akimat-almaty-bostandyk';
const ORIGINAL =
  'В доме по улице Сатпаева, 90 уже четвёртую неделю нет горячей воды и отопления. Управляющая компания ' +
  'на звонки не отвечает. Прошу принять меры и восстановить подачу тепла до наступления морозов.';
/** The same complaint retyped by a neighbour: other case and punctuation, a greeting, one word changed. */
const RETYPED =
  'Здравствуйте! в доме по улице Сатпаева 90 уже четвертую неделю нет горячей воды и отопления, управляющая ' +
  'компания на звонки не отвечает. Прошу принять меры и восстановить подачу тепла до наступления холодов.';

describe('duplicate appeals, over HTTP', () => {
  it('finds a retyped copy, shows staff the link, merges it, and answers both with one answer', async () => {
    const first = await t.token('applicant', { sub: 'citizen-dup-1' });
    const second = await t.token('applicant', { sub: 'citizen-dup-2' });
    const registrar = await t.token('registrar', { agencyId: AGENCY, sub: 'reg-dup' });
    const executor = await t.token('executor', { agencyId: AGENCY, sub: 'exec-dup' });
    const approver = await t.token('approver', { agencyId: AGENCY, sub: 'head-dup' });
    const read = (token: string, id: string, wait: AppealWait) => readAppeal(t.call, id, wait, { token });
    const file = async (token: string, text: string, fullName: string) => {
      const reply = await t.call('POST', '/api/v1/appeals', {
        token,
        body: housingAppeal({
          text,
          subject: 'Нет горячей воды и отопления',
          applicant: { type: 'individual', fullName },
        }),
      });
      expect(reply.status).toBe(201);
      return reply.body.id as string;
    };

    const a = await file(first, ORIGINAL, 'Айгерим Садыкова');
    const b = await file(second, RETYPED, 'Ерлан Жумабеков');
    const unrelated = await file(
      second,
      'Прошу установить светофор у школы № 12 на улице Абая.',
      'Ерлан Жумабеков',
    );

    // staff of the agency see on B the earlier appeal A it may repeat, with the text's similarity
    const seen = await read(registrar, b, { waitFor: 'routed' });
    expect(seen.body.possibleDuplicates).toEqual([
      expect.objectContaining({ appealId: a, reasons: ['similar_text'], score: expect.any(Number) }),
    ]);
    expect(seen.body.possibleDuplicates[0].score).toBeGreaterThanOrEqual(0.5);
    // the unrelated appeal of the same applicant is linked only as theirs (same account), never as a similar text
    const other = await read(registrar, unrelated, { waitFor: 'routed' });
    for (const link of other.body.possibleDuplicates ?? [])
      expect(link.reasons).not.toContain('similar_text');
    // the applicant of B sees no link to someone else's appeal
    const own = await read(second, b, { waitFor: 'routed' });
    expect(own.status).toBe(200);
    expect(own.body.possibleDuplicates).toBeUndefined();

    // the registrar merges B into A: B closes as merged, A lists B
    const merged = await t.call('POST', `/api/v1/appeals/${b}/merge`, {
      token: registrar,
      body: { intoAppealId: a },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'merged' });
    const listed = await read(registrar, a, { minVersion: 3 });
    expect(listed.body.mergedDuplicates).toEqual([
      expect.objectContaining({ appealId: b, status: 'merged' }),
    ]);

    // A is answered; B's applicant reads that answer through B
    const assign = await t.call('POST', `/api/v1/appeals/${a}/assign`, {
      token: registrar,
      body: { executorIds: ['exec-dup'] },
    });
    expect(assign.status).toBe(200);
    const heard = await t.call('POST', `/api/v1/appeals/${a}/hearing`, {
      token: executor,
      body: { held: false, reason: 'Решение в пользу заявителей' },
    });
    expect(heard.status).toBe(200);
    const draft = await t.call('POST', `/api/v1/appeals/${a}/draft-answer`, {
      token: executor,
      body: {
        text: 'Подача тепла и горячей воды восстановлена, управляющей компании вынесено предписание.',
        decisionKind: 'give_answer',
        answerCharacter: 'satisfied',
        language: 'ru',
      },
    });
    expect(draft.status).toBe(200);
    const drafted = await read(approver, a, { minVersion: draft.body.version });
    const draftId = Object.keys(drafted.body.drafts)[0];
    expect(
      (await t.call('POST', `/api/v1/appeals/${a}/approve-answer`, { token: approver, body: { draftId } }))
        .status,
    ).toBe(200);
    const sent = await t.call('POST', `/api/v1/appeals/${a}/send-answer`, {
      token: approver,
      body: { draftId },
    });
    expect(sent.body).toMatchObject({ status: 'answered' });

    const answered = await read(second, b, { waitFor: 'merged' });
    expect(answered.body).toMatchObject({
      status: 'merged',
      mergedInto: { appealId: a, status: 'answered' },
    });
    expect(answered.body.answer).toMatchObject({
      text: 'Подача тепла и горячей воды восстановлена, управляющей компании вынесено предписание.',
      answerCharacter: 'satisfied',
    });
  });
});
