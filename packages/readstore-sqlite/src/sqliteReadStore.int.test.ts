import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FindQuery } from '@appeals/readstore';
import { explainFind, unindexedSteps } from './explain';
import { MIGRATIONS } from './migrations';
import { createSqliteReadStore } from './sqliteReadStore';

describe('SQLite read store', () => {
  let dir: string;
  let filename: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'readstore-sqlite-'));
    filename = join(dir, 'appeals.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when writes are issued together (group commit)', () => {
    it('gives each write its own outcome, in the order issued', async () => {
      const views = createSqliteReadStore({ filename });
      const outcomes = await Promise.all([
        views.upsert('detail', 'a', { v: 2 }, 2),
        views.upsert('detail', 'a', { v: 1 }, 1), // older than the write before it: refused
        views.upsert('detail', 'b', { v: 0 }, 0),
        views.upsert('detail', 'a', { v: 3 }, 3),
      ]);
      expect(outcomes).toEqual([true, false, true, true]);
      await expect(views.get('detail', 'a')).resolves.toEqual({ v: 3, _revision: 3 });
      await views.close();
    });

    it('lets a read see a write that was issued but not yet awaited', async () => {
      const views = createSqliteReadStore({ filename });
      const written = views.upsert('summary', 'a', { agencyId: 'mon' }, 0);
      await expect(views.get('summary', 'a')).resolves.toEqual({ agencyId: 'mon', _revision: 0 });
      const more = views.upsert('summary', 'b', { agencyId: 'mon' }, 0);
      await expect(views.find('summary', { where: { agencyId: 'mon' } })).resolves.toMatchObject({
        total: 2,
      });
      await expect(Promise.all([written, more])).resolves.toEqual([true, true]);
      await views.close();
    });

    it('commits what was issued before close, and the writes survive a reopen', async () => {
      const views = createSqliteReadStore({ filename });
      const pending = Array.from({ length: 50 }, (_, i) => views.upsert('detail', `id-${i}`, { i }, 0));
      await views.close();
      await expect(Promise.all(pending)).resolves.toEqual(Array(50).fill(true));
      const reopened = createSqliteReadStore({ filename });
      await expect(reopened.find('detail', {})).resolves.toMatchObject({ total: 50 });
      await reopened.close();
    });
  });

  describe('when reopened', () => {
    it('still holds the documents and their revisions', async () => {
      const first = createSqliteReadStore({ filename });
      await first.upsert('agency_inbox', 'appeal-1', { agencyId: 'mon', deadline: '2025-03-10' }, 4);
      await first.upsert('agency_inbox', 'appeal-2', { agencyId: 'moh', deadline: '2025-03-11' }, 2);
      await first.close();

      const second = createSqliteReadStore({ filename });
      await expect(second.get('agency_inbox', 'appeal-1')).resolves.toEqual({
        agencyId: 'mon',
        deadline: '2025-03-10',
        _revision: 4,
      });
      await expect(second.find('agency_inbox', { where: { agencyId: 'moh' } })).resolves.toMatchObject({
        total: 1,
      });
      // the guard survives too: replaying revision 4 after a restart writes nothing
      await expect(second.upsert('agency_inbox', 'appeal-1', { agencyId: 'other' }, 4)).resolves.toBe(false);
      await second.close();
    });

    it('applies each migration once', async () => {
      await createSqliteReadStore({ filename }).close();
      await createSqliteReadStore({ filename }).close();

      const db = new Database(filename, { readonly: true });
      const applied = db.prepare('SELECT version, name FROM readstore_migrations ORDER BY version').all();
      db.close();
      expect(applied).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    });
  });

  it('opens files in WAL mode', async () => {
    const store = createSqliteReadStore({ filename });
    await store.close();

    const db = new Database(filename, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  describe('on a connection shared with the event store', () => {
    it('keeps its own migrations table beside the other schema, and leaves the connection open', async () => {
      const db = new Database(filename);
      db.exec(`
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY);
        INSERT INTO schema_migrations VALUES (1), (2), (3);
        CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL);
      `);

      const store = createSqliteReadStore({ db });
      await store.upsert('appeal_detail', 'appeal-1', { status: 'registered' }, 0);
      await store.close();

      expect(db.open).toBe(true);
      const tables = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
        )
        .pluck()
        .all();
      expect(tables).toEqual(['events', 'readstore_migrations', 'schema_migrations', 'views_appeal_detail']);
      expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(3);
      expect(db.prepare('SELECT COUNT(*) FROM views_appeal_detail').pluck().get()).toBe(1);
      db.close();
    });

    it('refuses a schema newer than it knows', () => {
      const db = new Database(':memory:');
      createSqliteReadStore({ db });
      db.prepare("INSERT INTO readstore_migrations VALUES (999, 'from the future', 'now')").run();

      expect(() => createSqliteReadStore({ db })).toThrow(/version 999/);
      db.close();
    });
  });

  describe('ensureIndex', () => {
    function plan(db: Database.Database, collection: string, query: FindQuery): string {
      const { count, page, rows } = explainFind(db, collection, query);
      return [...count, ...page, ...rows].join('\n');
    }

    it('creates an expression index that the queries it declares actually use', async () => {
      const db = new Database(':memory:');
      const store = createSqliteReadStore({ db });
      for (let i = 0; i < 50; i++) {
        await store.upsert(
          'agency_inbox',
          `appeal-${i}`,
          { agencyId: `agency-${i % 5}`, deadline: `2025-03-${i}` },
          1,
        );
      }
      const query = {
        where: { agencyId: 'agency-1' },
        sort: [['deadline', 'asc']] as Array<[string, 'asc']>,
      };
      expect(plan(db, 'agency_inbox', query)).not.toMatch(/readstore_agency_inbox_/);

      await store.ensureIndex('agency_inbox', ['agencyId', 'deadline']);

      const indexes = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'readstore_%'")
        .all() as Array<{ name: string; sql: string }>;
      expect(indexes.map((i) => i.name)).toEqual([
        expect.stringMatching(/^readstore_agency_inbox__agencyId__deadline_[0-9a-f]{12}$/),
      ]);
      // on the collection's own table: declaring it reads that collection alone, other collections' writes never touch it
      expect(indexes[0]!.sql).toMatch(/ ON "views_agency_inbox" \(/);
      const indexed = plan(db, 'agency_inbox', query);
      expect(indexed).toMatch(/USING INDEX readstore_agency_inbox__agencyId__deadline_/);
      expect(indexed).not.toMatch(/TEMP B-TREE/);
      await expect(store.find('agency_inbox', query)).resolves.toMatchObject({ total: 10 });
      await store.close();
      db.close();
    });

    it('uses a declared index for a range or an equality, not the scan of the whole collection', async () => {
      // issue 13: "no request scans"
      const db = new Database(':memory:');
      const store = createSqliteReadStore({ db });
      await store.ensureIndex('appeal_summary', ['registeredAt']);
      await store.ensureIndex('appeal_stats', ['level', 'period']);
      const range: FindQuery = {
        where: { registeredAt: { gte: '2026-03-01', lt: '2026-03-02' } },
        sort: [['registeredAt', 'asc']],
      };
      const level: FindQuery = { where: { level: 'year' }, sort: [['period', 'asc']] };
      for (const [collection, query, index] of [
        [
          'appeal_summary',
          range,
          /SEARCH views_appeal_summary USING INDEX readstore_appeal_summary__registeredAt_/,
        ],
        [
          'appeal_stats',
          level,
          /SEARCH views_appeal_stats USING INDEX readstore_appeal_stats__level__period_/,
        ],
      ] as const) {
        const { count, page, rows } = explainFind(db, collection, query);
        expect(unindexedSteps([...count, ...page, ...rows])).toEqual([]);
        expect(page.join('\n')).toMatch(index);
      }
      await store.close();
      db.close();
    });

    describe('given an agency subtree and an index on agency and deadline', () => {
      const subtree = { agencyId: { in: ['agency-1', 'agency-2', 'agency-3'] } };
      const inbox: FindQuery = { where: subtree, sort: [['deadline', 'desc']], limit: 3, offset: 2 };

      async function seeded() {
        const db = new Database(':memory:');
        const store = createSqliteReadStore({ db });
        for (let i = 0; i < 60; i++) {
          const deadline = `2025-03-${String(i % 28).padStart(2, '0')}`;
          await store.upsert('agency_inbox', `appeal-${i}`, { agencyId: `agency-${i % 5}`, deadline }, 1);
        }
        await store.ensureIndex('agency_inbox', ['agencyId', ['deadline', 'desc']]);
        return { db, store };
      }

      it('reads a page as one index range per agency, merged in the sort order, with no sort step and no scan', async () => {
        const { db, store } = await seeded();

        const { count, page, rows } = explainFind(db, 'agency_inbox', inbox);

        expect(unindexedSteps([...count, ...page, ...rows])).toEqual([]);
        expect(page.filter((step) => step.startsWith('SEARCH views_agency_inbox USING'))).toHaveLength(3);
        expect(page.join('\n')).toMatch(/MERGE \(UNION ALL\)/);
        expect(page.join('\n')).toMatch(
          /USING (COVERING )?INDEX readstore_agency_inbox__agencyId__deadline_desc_/,
        );
        await store.close();
        db.close();
      });

      it('gives the page in the order one sorted IN would give', async () => {
        const { db, store } = await seeded();
        const all = await store.find<{ agencyId: string; deadline: string }>('agency_inbox', {
          ...inbox,
          limit: undefined,
          offset: 0,
        });
        const expected = db
          .prepare(
            `SELECT id FROM views_agency_inbox WHERE json_extract(doc, '$.agencyId') IN ('agency-1', 'agency-2', 'agency-3')
             ORDER BY json_extract(doc, '$.deadline') DESC, id ASC`,
          )
          .pluck()
          .all() as string[];

        const page = await store.find('agency_inbox', inbox);

        expect(all.total).toBe(36);
        expect(page.items).toEqual(all.items.slice(2, 5));
        expect(all.items.map((item) => item.agencyId)).toEqual(
          expected.map((id) => `agency-${Number(id.slice('appeal-'.length)) % 5}`),
        );
        await store.close();
        db.close();
      });
    });

    it('indexes nested paths under a safe, distinct name', async () => {
      const db = new Database(':memory:');
      const store = createSqliteReadStore({ db });

      await store.ensureIndex('appeal_detail', ['applicant.region']);
      await store.ensureIndex('appeal_detail', ['applicant_region']);

      const names = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'readstore_%' ORDER BY name",
        )
        .pluck()
        .all() as string[];
      expect(names).toHaveLength(2);
      expect(names.every((name) => /^[A-Za-z0-9_]+$/.test(name))).toBe(true);
      await store.close();
      db.close();
    });
  });

  describe('given a file of schema version 3 (one views table shared by every collection)', () => {
    function versionThree(db: Database.Database): void {
      db.exec(`CREATE TABLE readstore_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
        INSERT INTO readstore_migrations VALUES (1, 'create views', 'now'), (2, 'partial', 'now'), (3, 'stats', 'now');
        CREATE TABLE views (collection TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL,
          doc TEXT NOT NULL CHECK (json_valid(doc)), PRIMARY KEY (collection, id));
        CREATE INDEX "readstore_agency_inbox__agencyId__deadline_desc_c85507628ae6"
          ON views (json_extract(doc, '$.agencyId'), json_extract(doc, '$.deadline') DESC, id)
          WHERE collection = 'agency_inbox';
        CREATE INDEX appeals_own_index ON views (revision);
        INSERT INTO views VALUES ('agency_inbox', 'a-1', 4, '{"agencyId":"mon","deadline":"2025-03-10"}'),
          ('agency_inbox', 'a-2', 2, '{"agencyId":"moh","deadline":"2025-03-11"}'),
          ('projection_meta', 'appeal_views', 3, '{"generation":3}'),
          ('Mixed.Case-name', 'x', 1, '{"n":1}');`);
    }

    it('moves every collection into its own table, with its documents, revisions and declared indexes', async () => {
      const db = new Database(join(dir, 'old.db'));
      versionThree(db);

      const store = createSqliteReadStore({ db });

      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'views%' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['views_^mixed.^case-name', 'views_agency_inbox', 'views_projection_meta']);
      await expect(store.get('agency_inbox', 'a-1')).resolves.toEqual({
        agencyId: 'mon',
        deadline: '2025-03-10',
        _revision: 4,
      });
      await expect(store.get('projection_meta', 'appeal_views')).resolves.toEqual({
        generation: 3,
        _revision: 3,
      });
      await expect(store.find('Mixed.Case-name')).resolves.toMatchObject({ total: 1 });
      await expect(store.upsert('agency_inbox', 'a-1', { agencyId: 'other' }, 4)).resolves.toBe(false);
      const query: FindQuery = { where: { agencyId: 'moh' }, sort: [['deadline', 'desc']] };
      const { count, page } = explainFind(db, 'agency_inbox', query);
      expect(unindexedSteps([...count, ...page])).toEqual([]);
      expect(page.join('\n')).toMatch(
        /SEARCH views_agency_inbox USING INDEX readstore_agency_inbox__agencyId__/,
      );
      // an index that was not the read store's goes with the shared table
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
      expect(indexes).not.toContain('appeals_own_index');
      await store.close();
      db.close();
    });

    it('leaves the old schema whole when the move fails', () => {
      const db = new Database(join(dir, 'old.db'));
      versionThree(db);
      db.exec(`CREATE TABLE views_agency_inbox (other TEXT)`); // in the way: the copy cannot write its rows

      expect(() => createSqliteReadStore({ db })).toThrow();

      expect(db.prepare('SELECT COUNT(*) FROM views').pluck().get()).toBe(4);
      expect(db.prepare('SELECT MAX(version) FROM readstore_migrations').pluck().get()).toBe(3);
      db.close();
    });
  });

  it('reads a collection another connection to the file created after this one looked for it', async () => {
    const reader = createSqliteReadStore({ filename });
    await expect(reader.find('appeal_detail')).resolves.toMatchObject({ total: 0 });
    const writer = createSqliteReadStore({ filename });

    await writer.upsert('appeal_detail', 'a', { v: 1 }, 1);

    await expect(reader.get('appeal_detail', 'a')).resolves.toEqual({ v: 1, _revision: 1 });
    await expect(reader.find('appeal_detail')).resolves.toMatchObject({ total: 1 });
    await writer.close();
    await reader.close();
  });

  it('keeps collections whose names differ only in case apart', async () => {
    const store = createSqliteReadStore({ filename: ':memory:' });
    await store.upsert('Detail', 'a', { v: 'upper' }, 1);
    await store.upsert('detail', 'a', { v: 'lower' }, 1);

    await expect(store.get('Detail', 'a')).resolves.toEqual({ v: 'upper', _revision: 1 });
    await expect(store.get('detail', 'a')).resolves.toEqual({ v: 'lower', _revision: 1 });
    await store.close();
  });

  it('binds values, so quotes in them are just text', async () => {
    const store = createSqliteReadStore({ filename: ':memory:' });
    await store.upsert('appeal_detail', "appeal-'1", { subject: "'); DROP TABLE views; --" }, 1);

    await expect(store.find('appeal_detail', { where: { subject: "' OR '1'='1" } })).resolves.toEqual({
      items: [],
      total: 0,
      totalExact: true,
    });
    await expect(
      store.find('appeal_detail', { where: { subject: "'); DROP TABLE views; --" } }),
    ).resolves.toMatchObject({ total: 1 });
    await expect(store.get('appeal_detail', "appeal-'1")).resolves.toMatchObject({ _revision: 1 });
    await store.close();
  });

  it('keeps answering when more query shapes are used than statements are cached', async () => {
    const store = createSqliteReadStore({ filename: ':memory:' });
    await store.upsert('stats', 'kz', { count: 7 }, 1);

    for (let i = 0; i < 150; i++) {
      const page = await store.find('stats', {
        where: { count: { in: Array.from({ length: i + 1 }, (_, n) => n) } },
      });
      expect(page.total).toBe(i >= 7 ? 1 : 0);
    }
    await store.close();
  });

  it('refuses documents that are not JSON', async () => {
    const store = createSqliteReadStore({ filename: ':memory:' });

    await expect(store.upsert('stats', 'kz', { count: BigInt(1) }, 1)).rejects.toMatchObject({
      code: 'READSTORE.INVALID_ARGUMENT',
    });
    await store.close();
  });
});
