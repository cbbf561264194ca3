import type { AppealEvent } from '@appeals/contracts';
import { CATALOGS, renderNotice } from './messages';
import { noticeFor, type AppealStart, type NoticeContext } from './notices';

// Which notice each appeal event makes, and how it reads in each language: pure, no I/O.

const APPEAL_ID = '3f2e1d0c-9b8a-4766-a554-433221100fed';
const deadline = (dueOn: string) => ({
  dueOn,
  dueAt: `${dueOn}T18:59:59.999Z`,
  termDays: 15,
  regime: 'working' as const,
});
const start = (language: 'kk' | 'ru' | 'en'): AppealStart => ({
  submitted: { appealId: APPEAL_ID, profileId: 'kz-appk', language } as AppealStart['submitted'],
  registered: {
    appealId: APPEAL_ID,
    registrationNumber: '20260302-K7M2Q9',
    registeredAt: '2026-03-02T05:00:00.000Z',
    registeredOn: '2026-03-02',
    deferred: false,
    deadline: deadline('2026-03-23'),
    forwardBy: '2026-03-05T18:59:59.999Z',
  },
});
const context: NoticeContext = {
  agencyName: (id, language) =>
    id === 'mon'
      ? { kk: 'ҚР Оқу-ағарту министрлігі', ru: 'Министерство просвещения РК', en: 'Ministry of Education' }[
          language
        ]
      : id,
  localDate: (instant) => instant.slice(0, 10),
  caseUrl: (id) => `https://appeals.test/appeals/${id}`,
};
const forwarded = (scope: 'whole' | 'part'): AppealEvent => ({
  type: 'AppealForwarded',
  data: {
    appealId: APPEAL_ID,
    fromAgencyId: 'akimat-almaty',
    toAgencyId: 'mon',
    scope,
    ...(scope === 'part' ? { partDescription: 'о школе №12' } : { newDeadline: deadline('2026-03-25') }),
    reason: 'Вопрос образования',
    forwardedAt: '2026-03-03T05:00:00.000Z',
    withinWindow: true,
    applicantNotifiedAt: '2026-03-03T05:00:00.000Z',
  },
});
const written = (event: AppealEvent, language: 'kk' | 'ru' | 'en' = 'ru') => {
  const notice = noticeFor(event, start(language), context)!;
  return renderNotice(notice.language, notice.template, notice.params);
};

describe('given a registered appeal', () => {
  it('when it is routed or assigned, then the applicant is told nothing', () => {
    const routed: AppealEvent = {
      type: 'AppealRouted',
      data: { appealId: APPEAL_ID, agencyId: 'mon', by: 'rules' },
    };
    expect(noticeFor(routed, start('ru'), context)).toBeUndefined();
  });

  it('when it is forwarded whole, then the notice names the receiving body and its own term', () => {
    const { subject, text, sms } = written(forwarded('whole'), 'en');
    expect(subject).toBe('Appeal 20260302-K7M2Q9 forwarded to the competent body');
    expect(text).toContain('forwarded to the competent body: Ministry of Education.');
    expect(text).toContain('under its own term: the answer is due by 2026-03-25');
    expect(text).not.toContain('Part of your appeal');
    expect(sms).toBe('Appeal 20260302-K7M2Q9 forwarded to the competent body: Ministry of Education.');
  });

  it('when part of it is forwarded, then the notice says which part went where and that the rest stays', () => {
    const { text } = written(forwarded('part'));
    expect(text).toContain(
      'Часть вашего обращения 20260302-K7M2Q9 (о школе №12) направлена по компетенции: Министерство просвещения РК',
    );
    expect(text).not.toContain('Этот орган рассматривает обращение в собственный срок');
  });

  it('when its term is extended, then the notice gives the new deadline and the reason, dates as the language writes them', () => {
    const extended: AppealEvent = {
      type: 'DeadlineExtended',
      data: {
        appealId: APPEAL_ID,
        previousDeadline: deadline('2026-03-23'),
        newDeadline: deadline('2026-04-15'),
        reason: 'Нужна экспертиза',
        approvedBy: 'head-b',
        applicantNotifiedAt: '2026-03-10T05:00:00.000Z',
      },
    };
    expect(written(extended, 'kk').text).toContain(
      '15.04.2026 дейін ұзартылды (бұрынғы мерзім — 23.03.2026)',
    );
    expect(written(extended, 'en').text).toContain(
      'extended to 2026-04-15 (it was 2026-03-23).\nGrounds: Нужна экспертиза',
    );
  });

  it('when the answer is sent, then the notice links the case and says until when a complaint is possible', () => {
    const answered: AppealEvent = {
      type: 'AnswerSent',
      data: {
        appealId: APPEAL_ID,
        draftId: '6a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
        sentAt: '2026-03-20T05:00:00.000Z',
        onTime: true,
        complaintWindowEndsAt: '2026-06-20T18:59:59.999Z',
      },
    };
    const { subject, text } = written(answered);
    expect(subject).toBe('Ответ на обращение 20260302-K7M2Q9');
    expect(text).toContain(`https://appeals.test/appeals/${APPEAL_ID}`);
    expect(text).toContain('обжаловать его до 20.06.2026');
  });

  it('when its deadline passes unanswered, then the notice says silence counts as refusal and how to complain', () => {
    const refused: AppealEvent = {
      type: 'AppealDeemedRefused',
      data: { appealId: APPEAL_ID, deadline: deadline('2026-03-23'), detectedAt: '2026-03-24T05:00:00.000Z' },
    };
    const { text } = written(refused, 'en');
    expect(text).toContain('ended on 2026-03-23 without an answer');
    expect(text).toContain('counts as a refusal');
    expect(text).toContain('"Complain"');
  });

  it('when registered without a tracking code to hand, then the line that would show it is left out', () => {
    const registered: AppealEvent = { type: 'AppealRegistered', data: start('ru').registered };
    const { text, sms } = written(registered);
    expect(text).not.toContain('Код отслеживания');
    expect(text).toContain('не позднее 23.03.2026');
    expect(sms).toBe('Обращение 20260302-K7M2Q9 зарегистрировано, ответ до 23.03.2026.');
  });
});

describe('the message catalogs', () => {
  it('name the same values in every language, so no language silently drops a line another keeps', () => {
    const names = (lines: readonly string[]) =>
      [...lines.join(' ').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [template, ru] of Object.entries(CATALOGS.ru.templates)) {
      for (const language of ['kk', 'en'] as const) {
        const other = CATALOGS[language].templates[template as keyof typeof CATALOGS.ru.templates];
        expect([template, language, names([other.subject, ...other.body])]).toEqual([
          template,
          language,
          names([ru.subject, ...ru.body]),
        ]);
        expect([template, language, names(other.sms)]).toEqual([template, language, names(ru.sms)]);
      }
    }
  });
});
