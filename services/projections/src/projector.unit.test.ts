import { createAppealCommands, createJurisdictions, hashTrackingCode } from '@appeals/appeal-application';
import { toEventMessage, type EventMessage } from '@appeals/contracts';
import { createInMemoryEventStore } from '@appeals/eventstore';
import { createInMemoryReadStore, type ReadStore } from '@appeals/readstore';
import { toEnvelope } from '@appeals/relay';
import { randomUUID } from 'node:crypto';
import { project } from './projector';
import { Views } from './views';

// project() as the bus delivers to it: at least once, so the same message may come twice or late.

const MONDAY_10AM = new Date('2026-03-02T10:00:00+05:00');
const CITIZEN = { id: 'citizen-1', role: 'applicant' as const };
const HEAD = { id: 'head-b', role: 'head' as const, agencyId: 'akimat-almaty-bostandyk' };

/** The bus messages of one routed, assigned appeal (five events), in order. */
async function messagesOfOneAppeal(appealId = randomUUID()): Promise<EventMessage[]> {
  const store = createInMemoryEventStore({ now: () => MONDAY_10AM });
  const commands = createAppealCommands(store, createJurisdictions().rulesFor);
  await commands.execute(
    appealId,
    {
      type: 'SubmitAppeal',
      now: MONDAY_10AM,
      actor: CITIZEN,
      data: {
        appealId,
        profileId: 'kz-appk',
        registrationNumber: '20260302-ABC123',
        trackingCodeHash: hashTrackingCode('TRACK12345'),
        kind: 'application',
        categoryId: 'housing_utilities',
        regionKato: '751510000',
        language: 'ru',
        subject: 'Нет отопления',
        text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления.',
        applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
        applicantAccountId: CITIZEN.id,
        channel: 'portal',
      },
    },
    { service: 'intake' },
  );
  await commands.execute(
    appealId,
    {
      type: 'RouteAppeal',
      now: MONDAY_10AM,
      actor: { id: 'routing-rules', role: 'system' },
      data: { agencyId: 'akimat-almaty-bostandyk', by: 'rules' },
    },
    { service: 'routing' },
  );
  await commands.execute(
    appealId,
    { type: 'AssignExecutors', now: MONDAY_10AM, actor: HEAD, data: { executorIds: ['exec-1'] } },
    { service: 'response' },
  );
  await commands.execute(
    appealId,
    {
      type: 'RecordHearing',
      now: MONDAY_10AM,
      actor: HEAD,
      data: { held: false, reason: 'Заявитель не ответил на звонки' },
    },
    { service: 'response' },
  );
  return (await store.readAll()).map((e) => toEventMessage(toEnvelope(e)));
}

/** Everything both views hold, revisions included. */
const snapshot = async (views: ReadStore) => ({
  detail: await views.find(Views.detail, { sort: [['appealId', 'asc']] }),
  summary: await views.find(Views.summary, { sort: [['appealId', 'asc']] }),
});

describe('project', () => {
  describe('when every message is applied once', () => {
    it('builds the detail and the summary at the stream revision of the last event', async () => {
      const appealId = randomUUID();
      const views = createInMemoryReadStore();
      for (const m of await messagesOfOneAppeal(appealId)) await project(views, m);

      const detail = await views.get(Views.detail, appealId);
      const summary = await views.get(Views.summary, appealId);
      expect(detail).toMatchObject({
        appealId,
        status: 'in_progress',
        agencyId: 'akimat-almaty-bostandyk',
        _revision: 4,
      });
      expect(detail?.timeline).toHaveLength(5);
      expect(summary).toMatchObject({
        appealId,
        status: 'in_progress',
        open: true,
        executorIds: ['exec-1'],
        _revision: 4,
      });
    });
  });

  describe('when the same messages are replayed', () => {
    it('changes nothing: documents and _revision stay as they were', async () => {
      const views = createInMemoryReadStore();
      const messages = [...(await messagesOfOneAppeal()), ...(await messagesOfOneAppeal())];
      for (const m of messages) await project(views, m);
      const once = await snapshot(views);

      for (const m of messages) await project(views, m);

      expect(await snapshot(views)).toEqual(once);
      expect(once.detail.items.map((d) => d._revision)).toEqual([4, 4]);
    });

    it('ignores an old message arriving after newer ones (no step back in status, no duplicate timeline entry)', async () => {
      const appealId = randomUUID();
      const views = createInMemoryReadStore();
      const messages = await messagesOfOneAppeal(appealId);
      for (const m of messages) await project(views, m);
      const before = await snapshot(views);

      await project(views, messages[2]!); // AppealRouted again, after ExecutorsAssigned
      await project(views, messages[0]!); // and the very first event

      expect(await snapshot(views)).toEqual(before);
      expect((await views.get(Views.detail, appealId))?.status).toBe('in_progress');
    });
  });

  describe('when an event arrives for an appeal the views do not know', () => {
    it('writes nothing', async () => {
      const views = createInMemoryReadStore();
      const [, , routed] = await messagesOfOneAppeal(); // its AppealSubmitted never reached this projector

      await project(views, routed!);

      expect(await snapshot(views)).toEqual({
        detail: { items: [], total: 0 },
        summary: { items: [], total: 0 },
      });
    });
  });
});
