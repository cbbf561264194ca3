import { hashTrackingCode, type ServiceName } from '@appeals/appeal-application';
import type { AppealCommand } from '@appeals/appeal-domain';
import { parseEvent, type EventEnvelope } from '@appeals/contracts';
import { toEnvelope } from '@appeals/relay';
import {
  KZ_2028_NEW_YEAR,
  actors,
  createTestPlatform,
  routeAppealCommand,
  sealedPlaceholder,
  submitAppealCommand,
  type TestPlatform,
} from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { applyToDetail, toSummary, type AppealDetail } from './views';

// The detail view folded from the events a real appeal produces: the commands run through the appeal decider on an
// in-memory store, and the stored events are turned into the envelopes the relay puts on the bus.

const { citizen: CITIZEN, registrar: REGISTRAR } = actors;
const HEAD = { id: 'head-a', role: 'head' as const, agencyId: 'akimat-almaty' };
const EXECUTOR = { id: 'exec-a', role: 'executor' as const, agencyId: 'akimat-almaty' };

type Step = {
  at: string;
  service: ServiceName;
  command: (now: Date) => AppealCommand;
  /** what happens on the platform just before the command (an admin loading a calendar year) */
  before?: (p: TestPlatform) => void;
};

/** Runs the steps on a fresh platform (the event time is the step's time) and returns the envelopes. */
async function story(appealId: string, steps: Step[]): Promise<EventEnvelope[]> {
  const p = createTestPlatform({ start: steps[0]!.at });
  for (const step of steps) {
    p.setNow(step.at);
    step.before?.(p);
    await p.commands.execute(appealId, step.command(p.clock()), { service: step.service });
  }
  return (await p.store.readAll()).map(toEnvelope);
}

const fold = (envelopes: EventEnvelope[]) =>
  envelopes.reduce<AppealDetail | undefined>(
    (doc, env) => applyToDetail(doc, env, parseEvent(env.type, env.data)),
    undefined,
  );

/** Folds the envelopes one by one and reports the status after each. */
const statuses = (envelopes: EventEnvelope[]) => {
  const seen: string[] = [];
  envelopes.reduce<AppealDetail | undefined>((doc, env) => {
    const next = applyToDetail(doc, env, parseEvent(env.type, env.data));
    seen.push(next?.status ?? 'none');
    return next;
  }, undefined);
  return seen;
};

const submit = (appealId: string): Step => ({
  at: '2026-03-02T10:00:00+05:00',
  service: 'intake',
  command: (now) =>
    submitAppealCommand({
      appealId,
      now,
      numbering: { type: 'dated', serial: 'ABC123' },
    }),
});
const route = (at: string): Step => ({
  at,
  service: 'routing',
  command: (now) => routeAppealCommand({ now, ruleId: 'r-housing-bostandyk' }),
});

describe('applyToDetail', () => {
  describe('over a full lifecycle: submit → route → forward → assign → extend → hear → answer → rate → reopen → answer → complain', () => {
    const appealId = randomUUID();
    const draft1 = randomUUID();
    const draft2 = randomUUID();
    const complaintId = randomUUID();
    let envelopes: EventEnvelope[];
    let doc: AppealDetail;

    beforeAll(async () => {
      envelopes = await story(appealId, [
        submit(appealId),
        route('2026-03-02T10:01:00+05:00'),
        {
          at: '2026-03-03T11:00:00+05:00',
          service: 'routing',
          command: (now) => ({
            type: 'ForwardAppeal',
            now,
            actor: REGISTRAR,
            data: { toAgencyId: 'akimat-almaty', scope: 'whole', reason: 'Компетенция города' },
          }),
        },
        {
          at: '2026-03-04T09:30:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'AssignExecutors',
            now,
            actor: HEAD,
            data: { executorIds: ['exec-a', 'exec-b'], leadExecutorId: 'exec-a' },
          }),
        },
        {
          at: '2026-03-05T12:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'ExtendDeadline',
            now,
            actor: HEAD,
            data: { newDueOn: '2026-04-15', reason: 'Нужна проверка теплосети на месте' },
          }),
        },
        {
          at: '2026-03-10T15:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'RecordHearing',
            now,
            actor: EXECUTOR,
            data: { held: true, heldAt: '2026-03-10T14:00:00+05:00', notes: 'Заслушана по телефону' },
          }),
        },
        {
          at: '2026-03-11T10:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'DraftAnswer',
            now,
            actor: EXECUTOR,
            data: {
              draftId: draft1,
              text: 'Отопление восстановлено 11 марта, проверка проведена.',
              decisionKind: 'give_answer',
              answerCharacter: 'satisfied',
              language: 'ru',
            },
          }),
        },
        {
          at: '2026-03-11T16:00:00+05:00',
          service: 'response',
          command: (now) => ({ type: 'ApproveAnswer', now, actor: HEAD, data: { draftId: draft1 } }),
        },
        {
          at: '2026-03-12T10:00:00+05:00',
          service: 'response',
          command: (now) => ({ type: 'SendAnswer', now, actor: HEAD, data: { draftId: draft1 } }),
        },
        {
          at: '2026-03-13T10:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'RateAnswer',
            now,
            actor: CITIZEN,
            data: { score: 2, comment: 'Снова холодно' },
          }),
        },
        {
          at: '2026-03-13T10:05:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'ReopenAppeal',
            now,
            actor: CITIZEN,
            data: { reason: 'Отопления по-прежнему нет' },
          }),
        },
        {
          at: '2026-03-16T10:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'DraftAnswer',
            now,
            actor: EXECUTOR,
            data: {
              draftId: draft2,
              text: 'Заменён участок теплотрассы, отопление подано.',
              decisionKind: 'give_answer',
              answerCharacter: 'satisfied',
              language: 'kk',
            },
          }),
        },
        {
          at: '2026-03-16T11:00:00+05:00',
          service: 'response',
          command: (now) => ({ type: 'ApproveAnswer', now, actor: HEAD, data: { draftId: draft2 } }),
        },
        {
          at: '2026-03-16T12:00:00+05:00',
          service: 'response',
          command: (now) => ({ type: 'SendAnswer', now, actor: HEAD, data: { draftId: draft2 } }),
        },
        {
          at: '2026-03-17T10:00:00+05:00',
          service: 'response',
          command: (now) => ({
            type: 'FileComplaint',
            now,
            actor: CITIZEN,
            data: {
              complaintAppealId: complaintId,
              againstAgencyId: 'akimat-almaty',
              higherAgencyId: 'gov',
              kind: 'complaint',
              reason: sealedPlaceholder(),
            },
          }),
        },
      ]);
      doc = fold(envelopes)!;
    });

    it('moves through the statuses a reader expects, event by event', () => {
      expect(envelopes.map((e) => e.type)).toEqual([
        'AppealSubmitted',
        'AppealRegistered',
        'AppealRouted',
        'AppealForwarded',
        'ExecutorsAssigned',
        'DeadlineExtended',
        'HearingHeld',
        'AnswerDrafted',
        'AnswerApproved',
        'AnswerSent',
        'AnswerRated',
        'AppealReopened',
        'AnswerDrafted',
        'AnswerApproved',
        'AnswerSent',
        'ComplaintFiled',
      ]);
      expect(statuses(envelopes)).toEqual([
        'submitted',
        'registered',
        'routed',
        'routed',
        'in_progress',
        'in_progress',
        'in_progress',
        'in_progress',
        'in_progress',
        'answered',
        'answered',
        'in_progress',
        'in_progress',
        'in_progress',
        'answered',
        'answered',
      ]);
    });

    it('keeps the submission facts, the registration and the agency it ended with', () => {
      expect(doc).toMatchObject({
        appealId,
        registrationNumber: '20260302-ABC123',
        status: 'answered',
        kind: 'application',
        categoryId: 'housing_utilities',
        regionKato: '751510000',
        applicantAccountId: 'citizen-1',
        trackingCodeHash: hashTrackingCode('TRACK12345'),
        channel: 'portal',
        receivedAt: '2026-03-02T05:00:00.000Z',
        registeredAt: '2026-03-02T05:00:00.000Z',
        agencyId: 'akimat-almaty',
        executorIds: ['exec-a', 'exec-b'],
        leadExecutorId: 'exec-a',
        origin: { type: 'direct' },
        deemedRefused: false,
        updatedAt: '2026-03-17T05:00:00.000Z',
      });
    });

    it('records the forward and the extension', () => {
      expect(doc.forwards).toEqual([
        expect.objectContaining({
          fromAgencyId: 'akimat-almaty-bostandyk',
          toAgencyId: 'akimat-almaty',
          scope: 'whole',
        }),
      ]);
      expect(doc.extensions).toEqual([
        expect.objectContaining({
          newDeadline: expect.objectContaining({ dueOn: '2026-04-15' }),
          approvedBy: 'head-a',
          at: '2026-03-05T07:00:00.000Z',
        }),
      ]);
      expect(doc.hearing).toEqual({
        held: true,
        heldAt: '2026-03-10T14:00:00+05:00',
        notes: 'Заслушана по телефону',
      });
    });

    it('shows the second answer, from its draft, after the reopened first one was dropped', () => {
      expect(doc.answer).toEqual({
        text: 'Заменён участок теплотрассы, отопление подано.',
        decisionKind: 'give_answer',
        answerCharacter: 'satisfied',
        language: 'kk',
        sentAt: '2026-03-16T07:00:00.000Z',
        onTime: true,
        complaintWindowEndsAt: '2026-06-16T18:59:59.999Z',
      });
      expect(Object.keys(doc.drafts)).toEqual([draft2]); // reopening cleared the first round's drafts
      expect(doc.drafts[draft2]).toMatchObject({ approved: true, approvedBy: 'head-a' });
    });

    it('lists the complaint filed against the answer', () => {
      expect(doc.complaints).toEqual([
        expect.objectContaining({ complaintAppealId: complaintId, higherAgencyId: 'gov' }),
      ]);
      // the reason is sealed in the event and is the complaint appeal's text: the parent's view keeps none of it
      expect(doc.complaints[0]).not.toHaveProperty('reason');
    });

    // Why: the 2 was given to the first answer; showing it against the second would skew the agency's quality figures.
    it('does not carry the first answer’s rating over to the second, but keeps it in the timeline', () => {
      expect(doc.rating).toBeUndefined();
      expect(toSummary(doc).rating).toBeNull();
      expect(doc.timeline.find((t) => t.type === 'AnswerRated')?.summary).toEqual({
        score: 2,
        comment: 'Снова холодно',
      });
    });

    it('takes the deadline from the reopening (registered anew on Friday 13 March: 15 working days → 8 April)', () => {
      // 13 Mar is a Friday; counting working days after it: 16–20 (5), 26–27 (7, since 21–25 Mar are Nauryz and its
      // moved days off), 30 Mar – 3 Apr (12), 6–8 Apr (15).
      expect(doc.deadline).toEqual({
        dueOn: '2026-04-08',
        dueAt: '2026-04-08T18:59:59.999Z',
        termDays: 15,
        regime: 'working',
      });
    });

    it('takes the forwarding window from the reopening (Friday 13 March: 3 working days → Wednesday 18 March)', () => {
      expect(doc.forwardBy).toBe('2026-03-18T18:59:59.999Z');
      expect(doc.procedureStartedOn).toBe('2026-03-13');
    });

    it('keeps a timeline entry per event with who, when and which service, never the applicant’s personal data', () => {
      expect(doc.timeline).toHaveLength(envelopes.length);
      expect(doc.timeline[0]).toEqual({
        type: 'AppealSubmitted',
        at: '2026-03-02T05:00:00.000Z',
        by: 'citizen-1',
        role: 'applicant',
        service: 'intake',
        summary: { kind: 'application', channel: 'portal', receivedAt: '2026-03-02T05:00:00.000Z' },
      });
      expect(doc.timeline[2]).toMatchObject({
        type: 'AppealRouted',
        by: 'routing-rules',
        role: 'system',
        service: 'routing',
      });
      expect(JSON.stringify(doc.timeline)).not.toMatch(/Садыкова|900101400122/);
    });

    it('summarises it for inboxes: closed, answered on time', () => {
      expect(toSummary(doc)).toMatchObject({
        appealId,
        status: 'answered',
        open: false,
        agencyId: 'akimat-almaty',
        routed: true,
        dueOn: '2026-04-08',
        answeredAt: '2026-03-16T07:00:00.000Z',
        answeredOnTime: true,
      });
    });
  });

  describe('when the deadline passes without an answer', () => {
    it('marks the appeal deemed refused but keeps it open for the agency', async () => {
      const appealId = randomUUID();
      const doc = fold(
        await story(appealId, [
          submit(appealId),
          route('2026-03-02T10:01:00+05:00'),
          {
            at: '2026-03-28T00:00:00+05:00',
            service: 'audit',
            command: (now) => ({
              type: 'MarkDeemedRefused',
              now,
              actor: { id: 'deadline-watch', role: 'system' },
              data: {},
            }),
          },
        ]),
      )!;
      expect(doc).toMatchObject({ status: 'routed', deemedRefused: true });
      expect(toSummary(doc)).toMatchObject({ open: true, deemedRefused: true, dueOn: '2026-03-27' });
    });
  });

  describe('when a deadline was counted without the calendar of its year', () => {
    it('shows it provisional, then the deadline recomputed once the admin loaded the year', async () => {
      const appealId = randomUUID();
      const envelopes = await story(appealId, [
        { ...submit(appealId), at: '2027-12-10T10:00:00+05:00' },
        route('2027-12-10T10:01:00+05:00'),
        {
          at: '2027-12-20T10:00:00+05:00',
          service: 'audit',
          before: (p) => p.jurisdictions.book.addYear(KZ_2028_NEW_YEAR),
          command: (now) => ({
            type: 'RecomputeDeadline',
            now,
            actor: { id: 'deadline-watch', role: 'system' },
            data: {},
          }),
        },
      ]);
      // Fri 10 Dec 2027: Dec 13-15 (3) | 16 Independence Day | 17 (4) 20-24 (9) 27-31 (14) | Mon 3 Jan (15).
      expect(fold(envelopes.slice(0, -1))?.deadline).toMatchObject({
        dueOn: '2028-01-03',
        provisional: true,
      });
      const doc = fold(envelopes)!;
      expect(doc.deadline).toEqual({
        dueOn: '2028-01-05',
        dueAt: '2028-01-05T18:59:59.999Z',
        termDays: 15,
        regime: 'working',
      });
      expect(doc.forwardBy).toBe('2027-12-15T18:59:59.999Z');
      expect(toSummary(doc)).toMatchObject({ dueOn: '2028-01-05', dueAt: '2028-01-05T18:59:59.999Z' });
    });
  });

  describe('when the applicant withdraws', () => {
    it('closes the appeal at the moment of withdrawal', async () => {
      const appealId = randomUUID();
      const doc = fold(
        await story(appealId, [
          submit(appealId),
          route('2026-03-02T10:01:00+05:00'),
          {
            at: '2026-03-03T09:00:00+05:00',
            service: 'response',
            command: (now) => ({ type: 'WithdrawAppeal', now, actor: CITIZEN, data: { reason: 'Решено' } }),
          },
        ]),
      )!;
      expect(doc).toMatchObject({ status: 'withdrawn', closedAt: '2026-03-03T04:00:00.000Z' });
      expect(toSummary(doc).open).toBe(false);
    });
  });

  describe('when an event arrives for an appeal the view has never seen', () => {
    it('returns undefined instead of inventing a document', async () => {
      const appealId = randomUUID();
      const [, , routed] = await story(appealId, [submit(appealId), route('2026-03-02T10:01:00+05:00')]);
      expect(applyToDetail(undefined, routed!, parseEvent(routed!.type, routed!.data))).toBeUndefined();
    });
  });
});
