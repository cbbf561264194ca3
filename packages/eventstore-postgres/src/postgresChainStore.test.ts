import { randomUUID } from 'node:crypto';
import { linkHash, type ChainLink } from '@appeals/chain';
import { serverUnderTest } from '@appeals/testkit/server';
import type { PostgresEventStore } from './postgresEventStore';
import { storePerTest } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');

/** The chain's own guards on PostgreSQL, beyond the shared contract: what a faulty sealer step cannot write. */
server.describe('PostgreSQL chain store', () => {
  const perTest = storePerTest(server.url);
  let store: PostgresEventStore;
  beforeEach(() => {
    store = perTest.store;
  });

  /** Links for the given events at `from`, chained on `prev`, each at the place the event holds in the log. */
  const linksOf = (
    events: Array<{ id: string; streamId: string; globalPosition: number; hash: string; checkpoint: string }>,
    from: number,
    prev: string | null = null,
  ): ChainLink[] =>
    events.map((e, i) => {
      const link = {
        seq: from + i,
        eventId: e.id,
        streamId: e.streamId,
        globalPosition: e.globalPosition,
        eventHash: e.hash,
      };
      prev = linkHash(link, prev);
      return { ...link, chainHash: prev, checkpoint: e.checkpoint };
    });

  const appended = async (n: number) =>
    (
      await store.append(
        `chain-${randomUUID()}`,
        Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: 'Numbered', data: { i } })),
        { expectedVersion: 'no_stream' },
      )
    ).events;

  it("refuses links that do not follow the log's order, naming the places, and writes nothing", async () => {
    const [a, b, c] = await appended(3);
    await store.chain.extend(linksOf([a!], 1));
    const head = await store.chain.head();
    // c then b: the step's second link lies before its first in readAll's order
    await expect(store.chain.extend(linksOf([c!, b!], 2, head!.chainHash))).rejects.toThrow(
      new RegExp(
        `do not follow the log's order: link 3 \\(${b!.checkpoint}\\) is not after link 2 \\(${c!.checkpoint}\\)`,
      ),
    );
    // b before the head's own event a
    await expect(
      store.chain.extend(
        linksOf(
          [a!].map((e) => ({ ...e, id: randomUUID() })),
          2,
          head!.chainHash,
        ),
      ),
    ).rejects.toThrow(/is not after the head/);
    expect((await store.chain.head())?.seq).toBe(1);
  });

  it('names where an event was linked before when a step would link it again, and writes nothing', async () => {
    const [a, b] = await appended(2);
    await store.chain.extend(linksOf([a!, b!], 1));
    const head = await store.chain.head();
    const [c] = await appended(1);
    const again = linksOf(
      [c!, { ...b!, checkpoint: `${c!.checkpoint.split(':')[0]}:${c!.globalPosition + 1}` }],
      3,
      head!.chainHash,
    );
    await expect(store.chain.extend(again)).rejects.toThrow(
      new RegExp(`already linked: ${b!.id} at seq 2 \\(log place ${b!.checkpoint}\\); the step: 3:${c!.id}`),
    );
    expect((await store.chain.head())?.seq).toBe(2);
  });
});
