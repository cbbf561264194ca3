import { applicantStream } from '@appeals/contracts';
import { createSqliteEventStore, type SqliteEventStore } from '@appeals/eventstore-sqlite';
import type { ReadStore } from '@appeals/readstore';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLookupIndexes } from './listQueries';
import { applyLogInBulk, finishBulk, type BulkPassContext } from './rebuildPass';
import { applyLogInShards, foldSupport } from './rebuildShards';
import { appealScript, bucketsOf, fileAppeals } from './statsScenario';
import { Views } from './views';

// A rebuild's bulk pass on fold threads (ADR 0038) against the same pass on one thread: a log of random appeals in a
// SQLite file (filed, routed, forwarded, answered, rated, reopened, withdrawn over 40 days, and an erasure), rebuilt
// into SQLite views files, small windows and a small cache so that appeals span windows and leave the cache.

let dir: string;
let store: SqliteEventStore;
const opened: ReadStore[] = [];

/** The test platform's log of `count` random appeals copied, event by event in log order, into a SQLite file. */
async function sqliteLog(count: number): Promise<SqliteEventStore> {
  const platform = await fileAppeals(fc.sample(appealScript, { numRuns: count, seed: 20261208 }));
  const subjectId = randomUUID();
  await platform.store.append(
    applicantStream(subjectId),
    [
      {
        id: randomUUID(),
        type: 'ApplicantDataErased',
        data: { subjectId, erasedAt: platform.clock().toISOString() },
      },
    ],
    { expectedVersion: 'no_stream' },
  );
  const sqlite = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
  for (const e of await platform.store.readAll()) {
    const { id, type, data, metadata, time } = e;
    await sqlite.append(e.streamId, [{ id, type, data, metadata, time }], { expectedVersion: 'any' });
  }
  await platform.stop();
  return sqlite;
}

const viewsFile = (name: string) => {
  const views = createSqliteReadStore({ filename: join(dir, `${name}.db`) });
  opened.push(views);
  return views;
};

/** Everything the views hold: details and summaries with their revisions, and every statistics bucket. */
const contents = async (views: ReadStore) => ({
  detail: await views.find(Views.detail, { sort: [['appealId', 'asc']], limit: 1000 }),
  summary: await views.find(Views.summary, { sort: [['appealId', 'asc']], limit: 1000 }),
  stats: await bucketsOf(views, Views),
});

/** A rebuild from zero into `views`: the bulk pass (with `options`), then the indexes and the statistics. */
async function rebuild(views: ReadStore, options: Partial<BulkPassContext> = {}) {
  await ensureLookupIndexes(views, Views);
  const pages: Array<{ events: number; checkpoint: string }> = [];
  const end = await applyLogInBulk(
    {
      store,
      deps: { views },
      names: Views,
      batchSize: 25,
      cacheSize: 6,
      onPage: async (events, checkpoint) => void pages.push({ events, checkpoint }),
      ...options,
    },
    undefined,
  );
  await finishBulk(views, Views, undefined, end.days);
  return { end, pages };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rebuild-shards-'));
  store = await sqliteLog(60);
});

afterAll(async () => {
  for (const views of opened) await views.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a rebuild folding shares of the log on threads', () => {
  it('writes the same details, summaries and statistics on three threads as on one', async () => {
    const one = viewsFile('one');
    const three = viewsFile('three');
    expect(foldSupport(store, three)).toBeDefined();

    const alone = await rebuild(one, { threads: 1 });
    const threaded = await rebuild(three, { threads: 3 });

    expect(alone.end.days).toBeUndefined(); // one thread: the statistics from a walk of the summaries
    expect(await threaded.end.days).toBeDefined(); // the threads summed their shares' days
    const expected = await contents(one);
    expect(expected.detail.total).toBe(60);
    expect(expected.stats.length).toBeGreaterThan(10);
    expect(await contents(three)).toEqual(expected);
  });

  it('counts every event of the log once, each window once every thread applied it, in log order', async () => {
    const { end, pages } = await rebuild(viewsFile('progress'), { threads: 2 });

    const head = await store.headPosition!();
    expect(end).toMatchObject({ complete: true, checkpoint: String(head) });
    expect(pages.reduce((sum, p) => sum + p.events, 0)).toBe(head);
    const cursors = pages.map((p) => Number(p.checkpoint));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(pages.length).toBe(Math.ceil(head / 25));
  });

  it('stops at a window every thread applied, and goes on from there to the same views', async () => {
    const expected = await contents(
      await (async () => {
        const views = viewsFile('expected');
        await rebuild(views, { threads: 1 });
        return views;
      })(),
    );
    const views = viewsFile('stopped');
    await ensureLookupIndexes(views, Views);
    let windows = 0;
    const stopped = await applyLogInBulk(
      {
        store,
        deps: { views },
        names: Views,
        batchSize: 25,
        cacheSize: 6,
        threads: 2,
        onPage: async () => void (windows += 1),
        isStopping: () => windows >= 2,
      },
      undefined,
    );
    expect(stopped.complete).toBe(false);
    expect(Number(stopped.checkpoint)).toBeGreaterThanOrEqual(50);
    expect(Number(stopped.checkpoint)).toBeLessThan(await store.headPosition!());
    expect(await stopped.days).toBeUndefined();

    const resumed = await applyLogInBulk(
      { store, deps: { views }, names: Views, batchSize: 25, cacheSize: 6, threads: 2 },
      stopped.checkpoint,
    );
    expect(resumed.complete).toBe(true);
    // resumed midway, no thread wrote every summary of its share: the statistics come from a walk of the summaries
    expect(await resumed.days).toBeUndefined();
    await finishBulk(views, Views, undefined, resumed.days);
    expect(await contents(views)).toEqual(expected);
  });

  it('fails, naming the thread, when a thread cannot open the views', async () => {
    const support = foldSupport(store, viewsFile('support'))!;
    const unopenable = {
      ...support,
      views: { ...support.views, options: { filename: join(dir, 'missing', 'dir', 'views.db') } },
    };
    await expect(
      applyLogInShards(
        unopenable,
        { names: Views, batchSize: 25, threads: 2, cacheSize: 6, until: 10 },
        undefined,
      ),
    ).rejects.toThrow(/Fold thread [12] of 2 failed/);
  });
});
