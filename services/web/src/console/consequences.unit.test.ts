import {
  answerLanguages,
  draftConsequences,
  extendConsequences,
  forwardConsequences,
  maxExtension,
  policyFor,
  registrationPreview,
  sendConsequences,
} from './consequences';
import type { AppealDetail } from './types';

// The shipped kz-appk profile and calendars: 16 December is a holiday, weekends are Saturday and Sunday.
const rules = policyFor('kz-appk', []);
const keys = (cs: { key: string }[]) => cs.map((c) => c.key);

const appeal = (over: Partial<AppealDetail> = {}): AppealDetail => ({
  appealId: 'a1',
  status: 'in_progress',
  profileId: 'kz-appk',
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Нет отопления',
  text: 'В доме третью неделю нет отопления.',
  applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
  agencyId: 'akimat-almaty-bostandyk',
  channel: 'portal',
  receivedAt: '2026-11-27T03:22:34.755Z',
  registeredAt: '2026-11-27T03:22:34.755Z',
  deadline: { dueOn: '2026-12-21', dueAt: '2026-12-21T18:59:59.999Z', termDays: 15, regime: 'working' },
  forwardBy: '2026-12-02T18:59:59.999Z',
  executorIds: ['executor-almaty'],
  extensions: [],
  forwards: [],
  deemedRefused: false,
  timeline: [],
  version: 3,
  sla: 'on_time',
  ...over,
});

describe('registration preview of a paper appeal', () => {
  it('registers an appeal received before 18:30 on a working day that day, 15 working days skipping 16 December', () => {
    const cs = registrationPreview(
      rules,
      'application',
      new Date('2026-11-27T10:00:00+05:00'),
      new Date('2026-11-27T12:00:00+05:00'),
    );
    expect(cs[0]).toEqual({ key: 'cq.registeredSameDay', values: { on: { date: '2026-11-27' } } });
    expect(cs[1]).toEqual({
      key: 'cq.deadlineWorking',
      values: { days: { days: 15 }, dueOn: { date: '2026-12-21' } },
    });
    expect(cs[2]).toEqual({
      key: 'cq.forwardWindow',
      values: { at: { instant: '2026-12-02T18:59:59.999Z' } },
    });
  });

  it('defers an appeal received at 19:10 on a Friday to Monday 09:00 and says the terms count from receipt', () => {
    const cs = registrationPreview(
      rules,
      'application',
      new Date('2026-11-27T19:10:00+05:00'),
      new Date('2026-11-30T10:00:00+05:00'),
    );
    expect(cs[0]).toEqual({
      key: 'cq.registeredNextWorkingDay',
      values: { cutoff: { text: '18:30' }, at: { instant: '2026-11-30T04:00:00.000Z' } },
    });
    expect(keys(cs)).toContain('cq.keepsReceivedDate');
  });

  it('warns about a receipt in the future instead of computing deadlines', () => {
    const cs = registrationPreview(
      rules,
      'application',
      new Date('2026-12-01T10:00:00+05:00'),
      new Date('2026-11-30T10:00:00+05:00'),
    );
    expect(cs).toEqual([{ key: 'cq.receivedInFuture', warning: true }]);
  });
});

describe('forwarding', () => {
  it('within the window: the receiving body starts its own 15-working-day term', () => {
    const cs = forwardConsequences(rules, appeal(), 'mon', 'whole', new Date('2026-12-01T10:00:00+05:00'));
    expect(keys(cs)).toEqual([
      'cq.forwardWithinWindow',
      'cq.applicantNotifiedNow',
      'cq.newTermWorking',
      'cq.forwardClearsWork',
    ]);
    expect(cs[2]?.values).toMatchObject({ on: { date: '2026-12-01' }, dueOn: { date: '2026-12-23' } });
  });

  it('after the window closed: flagged as late; a part keeps this appeal’s deadline', () => {
    const cs = forwardConsequences(rules, appeal(), 'mon', 'part', new Date('2026-12-03T10:00:00+05:00'));
    expect(cs[0]).toMatchObject({ key: 'cq.forwardLate', warning: true });
    expect(keys(cs)).toEqual([
      'cq.forwardLate',
      'cq.applicantNotifiedNow',
      'cq.partLinked',
      'cq.deadlineStays',
    ]);
  });
});

describe('extension', () => {
  it('allows at most two months from registration', () => {
    expect(maxExtension(rules, appeal())).toBe('2027-01-27');
  });

  it('moves the deadline to the end of the new day and gives the notice term', () => {
    const cs = extendConsequences(rules, appeal(), '2027-01-15', new Date('2026-12-10T10:00:00+05:00'));
    expect(cs[0]).toEqual({
      key: 'cq.deadlineMoves',
      values: {
        from: { date: '2026-12-21' },
        to: { date: '2027-01-15' },
        at: { instant: '2027-01-15T18:59:59.999Z' },
      },
    });
    expect(cs[2]).toEqual({
      key: 'cq.extendNotify',
      values: { by: { date: '2026-12-15' }, days: { days: 3 } },
    });
  });

  it('warns when the date is not later or beyond the maximum', () => {
    const now = new Date('2026-12-10T10:00:00+05:00');
    expect(extendConsequences(rules, appeal(), '2026-12-20', now)[0]).toMatchObject({
      key: 'cq.extendNotLater',
      warning: true,
    });
    expect(extendConsequences(rules, appeal(), '2027-01-28', now)[0]).toMatchObject({
      key: 'cq.extendTooLong',
      warning: true,
    });
  });
});

describe('the answer', () => {
  it('may be in the state language or the language of the appeal', () => {
    expect(answerLanguages(rules, appeal())).toEqual(['kk', 'ru']);
    const cs = draftConsequences(rules, appeal(), {
      language: 'en',
      answerCharacter: 'explained',
      decisionKind: 'give_answer',
    });
    expect(cs[0]).toMatchObject({ key: 'cq.languageRule', warning: true });
  });

  it('needs a hearing before a refusal', () => {
    const refused = { language: 'ru', answerCharacter: 'refused', decisionKind: 'give_answer' };
    expect(keys(draftConsequences(rules, appeal(), refused))).toContain('cq.adverseNeedsHearing');
    expect(
      keys(draftConsequences(rules, appeal({ hearing: { held: false, reason: 'не явился' } }), refused)),
    ).not.toContain('cq.adverseNeedsHearing');
  });

  it('sent on time or late, and opens a three-month complaint window', () => {
    const onTime = sendConsequences(rules, appeal(), new Date('2026-12-10T10:00:00+05:00'));
    expect(onTime[1]).toMatchObject({ key: 'cq.answerOnTime' });
    expect(onTime[2]).toEqual({ key: 'cq.complaintWindow', values: { until: { date: '2027-03-10' } } });
    const late = sendConsequences(rules, appeal(), new Date('2026-12-22T10:00:00+05:00'));
    expect(late[1]).toMatchObject({ key: 'cq.answerLate', warning: true });
  });
});
