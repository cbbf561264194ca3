import { faqStream } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { faqRouter } from './faq.http';

// The press's FAQ commands over HTTP (docs/faq.md): who may call them, what a bad body is told, and what reaches the
// entry's stream — the press's own words and appeal ids, nothing of the appeal.

const PRESS: Principal = { sub: 'press-1', role: 'press' };
const DRAFT = '00000000-0000-4000-8000-00000000d0a1';
const wording = {
  question: { ru: 'Когда включат отопление?' },
  answer: { ru: 'Отопление включают, когда среднесуточная температура пять дней ниже +10 °C.' },
};

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(faqRouter(s));
});
afterEach(() => s.stop());

async function answeredAppeal(categoryId = 'housing_utilities'): Promise<string> {
  const appealId = await s.routedAppeal({ categoryId });
  const run = (type: string, data: object) =>
    s.commands.execute(appealId, { type, now: s.clock(), actor: actors.head, data } as never, {
      service: 'response',
    });
  await run('AssignExecutors', { executorIds: ['exec-1'] });
  await run('DraftAnswer', {
    draftId: DRAFT,
    text: 'Подача тепла восстановлена.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  });
  await run('ApproveAnswer', { draftId: DRAFT });
  await run('SendAnswer', { draftId: DRAFT });
  return appealId;
}

describe('POST /faq/entries', () => {
  it('publishes an answered appeal’s answer in the press’s words: only those words and appeal ids reach the log', async () => {
    const source = await answeredAppeal();
    const other = await s.routedAppeal();
    const res = await s.post('/faq/entries', PRESS, {
      sourceAppealId: source,
      appealIds: [other],
      ...wording,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'published', version: 0, events: ['FaqEntryPublished'] });
    const [event] = await s.store.readStream(faqStream(res.body.entryId));
    expect(event!.data).toMatchObject({
      categoryId: 'housing_utilities',
      appealIds: [source, other],
      ...wording,
    });
    expect(event!.metadata.actor).toEqual({ id: 'press-1', role: 'press' });
    expect(JSON.stringify(event)).not.toMatch(/Садыкова|Тимирязева|Подача тепла/);
  });

  it('refuses everyone but the press', async () => {
    const source = await answeredAppeal();
    const body = { sourceAppealId: source, ...wording };
    expect((await s.post('/faq/entries', undefined, body)).status).toBe(401);
    for (const role of ['applicant', 'auditor', 'admin'] as const)
      expect((await s.post('/faq/entries', { sub: 'x', role }, body)).status).toBe(403);
    expect(
      (await s.post('/faq/entries', { sub: 'h', role: 'head', agencyId: 'akimat-almaty-bostandyk' }, body))
        .status,
    ).toBe(403);
  });

  it('names the field: personal data in the wording, an unanswered appeal, another category — and writes nothing', async () => {
    const source = await answeredAppeal();
    const phone = await s.post('/faq/entries', PRESS, {
      sourceAppealId: source,
      question: wording.question,
      answer: { ru: 'Позвоните заявителю по номеру 8 701 123 45 67, ему всё объяснят.' },
    });
    expect(phone.status).toBe(400);
    expect(phone.body.errors[0].field).toBe('body.answer.ru');
    const open = await s.routedAppeal();
    const unanswered = await s.post('/faq/entries', PRESS, { sourceAppealId: open, ...wording });
    expect(unanswered.status).toBe(409);
    expect(unanswered.body.code).toBe('FAQ.APPEAL_NOT_ANSWERED');
    const roads = await s.routedAppeal({ categoryId: 'roads_transport' });
    const mixed = await s.post('/faq/entries', PRESS, {
      sourceAppealId: source,
      appealIds: [roads],
      ...wording,
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0]).toMatchObject({ field: 'body.appealIds', code: 'FAQ.OTHER_CATEGORY' });
    expect((await s.store.readAll()).filter((e) => e.streamId.startsWith('faq-'))).toEqual([]);
  });
});

describe('POST /faq/entries/{entryId}/…', () => {
  it('links more appeals once, rewrites the wording, withdraws; an unknown entry is a 404', async () => {
    const source = await answeredAppeal();
    const { entryId } = (await s.post('/faq/entries', PRESS, { sourceAppealId: source, ...wording })).body;
    const more = await s.routedAppeal();
    const linked = await s.post(`/faq/entries/${entryId}/link`, PRESS, { appealIds: [more, source] });
    expect(linked.body).toMatchObject({ version: 1, events: ['FaqAppealsLinked'] });
    const again = await s.post(`/faq/entries/${entryId}/link`, PRESS, { appealIds: [more] });
    expect(again.body).toMatchObject({ version: 1, events: [] });
    const revised = await s.post(`/faq/entries/${entryId}/revise`, PRESS, {
      question: { kk: 'Жылу қашан беріледі?' },
      answer: { kk: 'Жылыту маусымы тәуліктік орташа температура +10 °C-тан төмен болғанда басталады.' },
    });
    expect(revised.body.events).toEqual(['FaqEntryRevised']);
    const withdrawn = await s.post(`/faq/entries/${entryId}/withdraw`, PRESS, {
      reason: 'Правила изменились',
    });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', events: ['FaqEntryWithdrawn'] });
    const missing = await s.post('/faq/entries/0b7e3a1c-5f7b-4a39-9a53-2a0f3f6c2d11/withdraw', PRESS, {
      reason: 'Нет' + 'т',
    });
    expect(missing.status).toBe(404);
  });
});
