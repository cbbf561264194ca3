import {
  decodeFaqEvent,
  faqStream,
  PublishFaqEntryBody,
  ReviseFaqEntryBody,
  topicForStream,
  toEventMessage,
  Topics,
} from './index';

const APPEAL = '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f';
const ENTRY = '0f1e2d3c-4b5a-4968-8776-655443322110';
const wording = {
  question: { ru: 'Когда дадут отопление?' },
  answer: { ru: 'Отопительный сезон начинается при среднесуточной температуре ниже +10 °C.' },
};

/** The fields a refused body names (`answer.ru`), as the HTTP edge reports them. */
const refusedFields = (body: unknown) => {
  const parsed = PublishFaqEntryBody.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('FAQ commands', () => {
  it('take wording in at least one language, the question and the answer in the same ones', () => {
    expect(refusedFields({ sourceAppealId: APPEAL, ...wording })).toEqual([]);
    expect(refusedFields({ sourceAppealId: APPEAL, question: {}, answer: {} })).toEqual(
      expect.arrayContaining(['question', 'answer']),
    );
    expect(
      refusedFields({
        sourceAppealId: APPEAL,
        ...wording,
        question: { ...wording.question, kk: 'Жылу қашан?' },
      }),
    ).toEqual(['answer.kk']);
    expect(
      ReviseFaqEntryBody.safeParse({ question: wording.question, answer: { en: wording.answer.ru } }).success,
    ).toBe(false);
  });

  it('refuse wording that would name a person: an e-mail, a phone number, an IIN', () => {
    const answer = (ru: string) => ({ sourceAppealId: APPEAL, question: wording.question, answer: { ru } });
    expect(refusedFields(answer('Пишите на a.sadykova@example.kz, ответим за три рабочих дня.'))).toEqual([
      'answer.ru',
    ]);
    expect(refusedFields(answer('Позвоните Айгерим по номеру +7 701 123 45 67 после обеда.'))).toEqual([
      'answer.ru',
    ]);
    expect(refusedFields(answer('Заявителю с ИИН 900101400122 отопление включат завтра.'))).toEqual([
      'answer.ru',
    ]);
    // dates, article numbers and short figures are not personal
    expect(
      refusedFields(answer('По статье 76 АППК срок 15 рабочих дней, с 01.10.2026 до 15 апреля.')),
    ).toEqual([]);
  });
});

describe('FAQ events', () => {
  it('travel on their own topic, keyed by entry, so no appeal consumer decodes them', () => {
    expect(topicForStream(faqStream(ENTRY))).toBe(Topics.faqEvents);
    const event = {
      id: '6a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      type: 'FaqAppealsLinked',
      stream: faqStream(ENTRY),
      streamPosition: 1,
      globalPosition: 9,
      time: '2026-03-02T05:00:00Z',
      data: { entryId: ENTRY, appealIds: [APPEAL], linkedAt: '2026-03-02T05:00:00Z' },
      metadata: {},
    };
    expect(toEventMessage(event).key).toBe(ENTRY);
    expect(decodeFaqEvent(event).data).toEqual(event.data);
    expect(() => decodeFaqEvent({ ...event, type: 'AppealRegistered' })).toThrow(
      /no event type AppealRegistered/,
    );
  });
});
