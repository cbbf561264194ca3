import { readAppeal, startSystem, type AppealWait, type TestSystem } from './client';
import { housingAppeal } from './lifecycle.scenarios';

// One appeal walks forward → extend → answer → complaint → the complaint deemed refused, across the New Year
// 2026/2027, on the embedded system over HTTP. The system runs on a clock the test sets (EmbeddedOptions.clock);
// the deadline watch's periodic sweep is what the test calls directly (`deadlineWatch.sweep()`, the same function
// its timer runs), so that the moment of the sweep is exact. Every deadline the API shows is checked against the
// hand count below, from the kz-appk calendars (packages/calendar/src/profiles/kz-appk/2026.json, 2027.json).
//
// Days off used (besides Saturdays and Sundays), Asia/Almaty, UTC+5:
//   2026: Wed 16 Dec (Independence Day); no moved day off in December.
//   2027: Fri 1 Jan, Sat 2 Jan (New Year), Mon 4 Jan (moved off: 2 Jan is a Saturday), Thu 7 Jan (Orthodox
//         Christmas); Mon 8 Mar; Sat 1 May, Mon 3 May (moved off: 1 May is a Saturday).
// Counting (docs/appk.md): a term starts the day after the procedure starts; the deadline is the end (23:59:59.999
// local) of the N-th working day; the forwarding window is the 3rd working day; the extension limit is the
// procedure's first day + 2 calendar months; an extended date that is a day off moves to the next working day.

/** An instant given as Almaty wall-clock time (UTC+5, no daylight saving since 1 March 2024). */
const almaty = (local: string) => new Date(`${local}+05:00`);
/** The end of an Almaty day as the API writes it (23:59:59.999 local = 18:59:59.999Z). */
const endOf = (day: string) => `${day}T18:59:59.999Z`;

let now = almaty('2026-12-07T10:00:00');
let t: TestSystem;
beforeAll(async () => {
  // the timer's sweep is kept out of the way: the test sweeps at the moments it chooses
  t = await startSystem({ clock: () => new Date(now.getTime()) });
});
afterAll(async () => {
  await t.stop();
});

/** Moves the system's clock, once everything done at the previous moment has been handled. */
const at = async (local: string) => {
  await t.system.settled();
  now = almaty(local);
};

describe('kz-appk deadlines across the New Year, over HTTP', () => {
  it('walks forward → extend → answer → complaint → deemed refusal, every deadline the hand-counted one', async () => {
    const citizen = await t.token('applicant', { sub: 'citizen-year-end' });
    const district = await t.token('registrar', { agencyId: 'akimat-almaty-bostandyk', sub: 'reg-b' });
    const cityRegistrar = await t.token('registrar', { agencyId: 'akimat-almaty', sub: 'reg-a' });
    const cityExecutor = await t.token('executor', { agencyId: 'akimat-almaty', sub: 'exec-1' });
    const cityHead = await t.token('approver', { agencyId: 'akimat-almaty', sub: 'head-a' });
    const govHead = await t.token('approver', { agencyId: 'gov', sub: 'head-gov' });
    const read = (token: string, id: string, wait: AppealWait) => readAppeal(t.call, id, wait, { token });

    // Mon 7 Dec 2026, 10:00 (a working day, before the 18:30 cutoff): registered the same day (Art. 64).
    // Term 15 working days from Tue 8 Dec: 8,9,10,11 (4), 14,15 (6), [16 off] 17,18 (8), 21–25 (13), 28 (14),
    // 29 (15) → Tue 29 Dec. Forwarding window 3 working days: 8, 9, 10 → Thu 10 Dec.
    const submitted = await t.call('POST', '/api/v1/appeals', { token: citizen, body: housingAppeal() });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    let view = await read(district, id, { waitFor: 'routed' });
    expect(view.body).toMatchObject({
      status: 'routed',
      agencyId: 'akimat-almaty-bostandyk',
      procedureStartedOn: '2026-12-07',
      forwardBy: endOf('2026-12-10'),
      deadline: { dueOn: '2026-12-29', dueAt: endOf('2026-12-29'), termDays: 15, regime: 'working' },
    });
    expect(view.body.deadline.provisional).toBeUndefined();

    // Wed 9 Dec, 11:00: the district forwards it whole to the city akimat, inside its window (Art. 65). The city
    // runs its own procedure from 9 Dec (Art. 65, 76; ADR 0018): 15 working days from Thu 10 Dec: 10, 11 (2),
    // 14, 15 (4), [16 off] 17, 18 (6), 21–25 (11), 28–31 (15) → Thu 31 Dec. Its window: 10, 11, 14 → Mon 14 Dec.
    await at('2026-12-09T11:00:00');
    const forwarded = await t.call('POST', `/api/v1/appeals/${id}/forward`, {
      token: district,
      body: { toAgencyId: 'akimat-almaty', scope: 'whole', reason: 'Теплоснабжение — компетенция города' },
    });
    expect(forwarded.status).toBe(200);
    view = await read(cityRegistrar, id, { minVersion: forwarded.body.version });
    expect(view.body).toMatchObject({
      agencyId: 'akimat-almaty',
      procedureStartedOn: '2026-12-09',
      forwardBy: endOf('2026-12-14'),
      deadline: { dueOn: '2026-12-31', dueAt: endOf('2026-12-31'), termDays: 15, regime: 'working' },
    });
    expect(view.body.forwards[0]).toMatchObject({ withinWindow: true });
    const assigned = await t.call('POST', `/api/v1/appeals/${id}/assign`, {
      token: cityRegistrar,
      body: { executorIds: ['exec-1'] },
    });
    expect(assigned.status).toBe(200);

    // Fri 11 Dec: the head extends (Art. 76). Limit: 9 Dec + 2 months = Tue 9 Feb 2027, so 10 Feb is refused.
    // Asked for Sat 2 Jan 2027 (New Year): 2 Jan Sat, 3 Jan Sun, 4 Jan moved off → the term ends Tue 5 Jan 2027.
    await at('2026-12-11T15:00:00');
    const reason = 'Требуется обследование теплосетей с участием подрядчика';
    const tooLong = await t.call('POST', `/api/v1/appeals/${id}/extend`, {
      token: cityHead,
      body: { newDueOn: '2027-02-10', reason },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.type).toMatch(/application\/problem\+json/);
    expect(tooLong.body.code).toBe('APPEAL.EXTENSION_TOO_LONG');
    expect(tooLong.body.detail).toContain('2027-02-09');
    const extended = await t.call('POST', `/api/v1/appeals/${id}/extend`, {
      token: cityHead,
      body: { newDueOn: '2027-01-02', reason },
    });
    expect(extended.status).toBe(200);
    view = await read(cityHead, id, { minVersion: extended.body.version });
    expect(view.body.deadline).toMatchObject({ dueOn: '2027-01-05', dueAt: endOf('2027-01-05') });

    // Mon 14 Dec, 12:00: answered in time. Complaint window (Art. 91): 3 months → Sun 14 Mar 2027 → Mon 15 Mar.
    await at('2026-12-14T12:00:00');
    const drafted = await t.call('POST', `/api/v1/appeals/${id}/draft-answer`, {
      token: cityExecutor,
      body: {
        text: 'Подача тепла восстановлена, подрядчик устранил аварию на теплотрассе.',
        decisionKind: 'give_answer',
        answerCharacter: 'satisfied',
        language: 'ru',
      },
    });
    expect(drafted.status).toBe(200);
    view = await read(cityHead, id, { minVersion: drafted.body.version });
    const draftId = Object.keys(view.body.drafts)[0];
    const approve = { token: cityHead, body: { draftId } };
    expect((await t.call('POST', `/api/v1/appeals/${id}/approve-answer`, approve)).status).toBe(200);
    const sent = await t.call('POST', `/api/v1/appeals/${id}/send-answer`, approve);
    expect(sent.body).toMatchObject({ status: 'answered', events: ['AnswerSent'] });
    view = await read(citizen, id, { minVersion: sent.body.version });
    expect(view.body.answer).toMatchObject({ onTime: true, complaintWindowEndsAt: endOf('2027-03-15') });

    // Tue 15 Dec, 10:00: the citizen complains (Art. 91–92), through the city akimat, registered that day.
    // Term 20 working days from Wed 16 Dec (off): 17, 18 (2), 21–25 (7), 28–31 (11), [1–4 Jan off] 5, 6 (13),
    // [7 off] 8 (14), 11–15 (19), 18 (20) → Mon 18 Jan 2027. Hand-on window: 17, 18, 21 → Mon 21 Dec.
    await at('2026-12-15T10:00:00');
    const complained = await t.call('POST', `/api/v1/appeals/${id}/complain`, {
      token: citizen,
      body: { reason: 'Ответ формальный: в квартире по-прежнему холодно.' },
    });
    expect(complained.body.events).toEqual(['ComplaintFiled']);
    view = await read(citizen, id, { minVersion: complained.body.version });
    const complaintId = view.body.complaints[0].complaintAppealId as string;
    let complaint = await read(cityRegistrar, complaintId, { waitFor: 'routed' });
    expect(complaint.body).toMatchObject({
      kind: 'complaint',
      agencyId: 'akimat-almaty',
      origin: { reviewerAgencyId: 'gov' },
      procedureStartedOn: '2026-12-15',
      forwardBy: endOf('2026-12-21'),
      deadline: { dueOn: '2027-01-18', dueAt: endOf('2027-01-18'), termDays: 20, regime: 'working' },
    });

    // Thu 17 Dec: the city hands it on to the reviewer, which runs its own procedure from 17 Dec: 20 working days
    // from Fri 18 Dec: 18 (1), 21–25 (6), 28–31 (10), 5, 6 (12), 8 (13), 11–15 (18), 18, 19 (20) → Tue 19 Jan 2027.
    await at('2026-12-17T10:00:00');
    const handedOn = await t.call('POST', `/api/v1/appeals/${complaintId}/forward`, {
      token: cityRegistrar,
      body: { toAgencyId: 'gov', scope: 'whole', reason: 'Жалоба рассматривается вышестоящим органом' },
    });
    expect(handedOn.status).toBe(200);
    complaint = await read(govHead, complaintId, { minVersion: handedOn.body.version });
    expect(complaint.body).toMatchObject({
      agencyId: 'gov',
      procedureStartedOn: '2026-12-17',
      deadline: { dueOn: '2027-01-19', dueAt: endOf('2027-01-19') },
    });

    // Nobody answers. Tue 19 Jan 2027, 23:59 local: the term still runs; the sweep marks nothing.
    await at('2027-01-19T23:59:00');
    expect(await t.system.deadlineWatch.sweep()).toBe(0);
    // Wed 20 Jan 2027, 00:00:01 local: past the deadline, silence counts as refusal.
    await at('2027-01-20T00:00:01');
    expect(await t.system.deadlineWatch.sweep()).toBe(1);
    complaint = await read(citizen, complaintId, { minVersion: handedOn.body.version + 1 });
    expect(complaint.body).toMatchObject({ deemedRefused: true, status: 'routed' });
    // a deemed refusal is final for the term: it can no longer be extended (ADR 0018)
    const late = await t.call('POST', `/api/v1/appeals/${complaintId}/extend`, {
      token: govHead,
      body: { newDueOn: '2027-02-01', reason: 'Нужна дополнительная проверка' },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('APPEAL.DEEMED_REFUSED');
  });
});
