import { toEventMessage, type EventMessage } from '@appeals/contracts';
import { createInMemoryReadStore, type ReadStore } from '@appeals/readstore';
import { toEnvelope } from '@appeals/relay';
import { actors, createTestPlatform } from '@appeals/testkit';
import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { randomUUID } from 'node:crypto';
import { projectBatch, project as projectWith } from './projector';
import { Views } from './views';

// project() as the bus delivers to it: at least once, so the same message may come twice or late.

const HEAD = actors.head;
/** one vault for every platform of this file (the projector itself needs none) */
const vault = createPersonalDataVault({
  keys: createInMemoryKeyStore(),
  masterKeys: masterKeysFrom({ key: generateMasterKey() }),
});

/** The bus messages of one routed, assigned appeal (five events), in order. */
async function messagesOfOneAppeal(appealId = randomUUID()): Promise<EventMessage[]> {
  const p = createTestPlatform({ vault });
  await p.routedAppeal({ appealId });
  await p.commands.execute(
    appealId,
    { type: 'AssignExecutors', now: p.clock(), actor: HEAD, data: { executorIds: ['exec-1'] } },
    { service: 'response' },
  );
  await p.commands.execute(
    appealId,
    {
      type: 'RecordHearing',
      now: p.clock(),
      actor: HEAD,
      data: { held: false, reason: 'Заявитель не ответил на звонки' },
    },
    { service: 'response' },
  );
  return (await p.store.readAll()).map((e) => toEventMessage(toEnvelope(e)));
}

const project = (views: ReadStore, m: EventMessage) => projectWith({ views }, m);

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
        detail: { items: [], total: 0, totalExact: true },
        summary: { items: [], total: 0, totalExact: true },
      });
    });
  });

  describe('when an appeal is submitted', () => {
    it('keeps its personal data sealed in the detail as the event carries it, opening nothing (no vault)', async () => {
      const views = createInMemoryReadStore();
      const [submitted] = await messagesOfOneAppeal();
      const { data } = JSON.parse(submitted!.value);

      await project(views, submitted!);

      const detail = await views.get(Views.detail, data.appealId);
      expect(detail).toMatchObject({
        applicant: { type: 'individual' },
        sealed: { applicant: data.applicant, text: data.text },
      });
      expect(JSON.stringify(detail)).not.toContain('fullName');
      expect((await views.find(Views.personal)).total).toBe(0);
    });
  });
});

describe('when the summary write fails but the detail was written', () => {
  it('writes the summary on the redelivery, though the detail already holds the event', async () => {
    // found by the statistics property (statsBuckets.int.test.ts): the summary stayed a step behind for good
    const appealId = randomUUID();
    const views = createInMemoryReadStore();
    const messages = await messagesOfOneAppeal(appealId);
    for (const m of messages.slice(0, 2)) await project(views, m);
    let failNext = true;
    const flaky: ReadStore = {
      ...views,
      upsert: (collection, id, doc, revision) => {
        if (collection === Views.summary && failNext) {
          failNext = false;
          return Promise.reject(new Error('write failed'));
        }
        return views.upsert(collection, id, doc, revision);
      },
    };
    const routed = messages[2]!;
    await expect(project(flaky, routed)).rejects.toThrow('write failed');
    expect((await views.get(Views.detail, appealId))?._revision).toBe(2);

    await project(flaky, routed);
    expect(await views.get(Views.summary, appealId)).toMatchObject({
      status: 'routed',
      agencyId: 'akimat-almaty-bostandyk',
      _revision: 2,
    });
  });
});

describe('projectBatch', () => {
  it('gives what applying each message alone gives, with appeals interleaved and applied concurrently', async () => {
    const [a, b, c] = await Promise.all([
      messagesOfOneAppeal(),
      messagesOfOneAppeal(),
      messagesOfOneAppeal(),
    ]);
    // interleaved as one partition would hold them, plus a replay of a's first events at the end
    const interleaved = a!.flatMap((m, i) => [m, b![i]!, c![i]!]).concat(a!.slice(0, 2));
    const alone = createInMemoryReadStore();
    for (const m of interleaved) await project(alone, m);
    const batched = createInMemoryReadStore();
    await projectBatch({ views: batched }, interleaved, Views, { concurrency: 8 });
    expect(await snapshot(batched)).toEqual(await snapshot(alone));
    expect((await snapshot(batched)).detail.total).toBe(3);
  });

  it('reads no document for an appeal whose stream begins in the batch, and one for the others', async () => {
    const [a, b] = await Promise.all([messagesOfOneAppeal(), messagesOfOneAppeal()]);
    const store = createInMemoryReadStore();
    const reads: string[] = [];
    const views: ReadStore = {
      ...store,
      get: (collection, id) => {
        // the statistics days' marks are read for their version (statsDirty.ts); this is about appeals
        if (collection !== Views.statsDirty) reads.push(`${collection}/${id}`);
        return store.get(collection, id);
      },
    };
    const idOf = (m: EventMessage) => m.key;
    await projectBatch({ views }, [...a!.slice(0, 2), ...b!.slice(0, 3)], Views);
    expect(reads).toEqual([]);

    await projectBatch({ views }, [...a!.slice(2), ...b!.slice(0, 1)], Views); // b's first again: a redelivery
    expect(reads).toEqual([`${Views.detail}/${idOf(a![0]!)}`]);
    const alone = createInMemoryReadStore();
    for (const m of [...a!, ...b!.slice(0, 3)]) await project(alone, m);
    expect(await snapshot(store)).toEqual(await snapshot(alone));
  });
});
