import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWalCheckpointer } from './walCheckpointer';

const PAGE = 4096;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startWalCheckpointer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-wal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function open(name: string) {
    const db = new Database(join(dir, name));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB)');
    return db;
  }

  /** 30 transactions of 50 pages each, with pauses: 1500 pages, more than SQLite's 1000-page autocheckpoint */
  async function writeMany(db: Database.Database) {
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const page = db.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run(Buffer.alloc(PAGE - 200, i));
    });
    for (let round = 0; round < 30; round++) {
      page();
      await sleep(15);
    }
  }

  it('keeps the WAL small without the connection checkpointing, and gives checkpoints back on stop', async () => {
    const db = open('worked.db');
    const checkpoints = startWalCheckpointer(db, { everyMs: 5 });
    expect(checkpoints.background).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await writeMany(db);
    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // the worker copied pages as they came and the WAL was reused from its start: it never held all 1500 pages
    expect(statSync(join(dir, 'worked.db-wal')).size).toBeLessThan(600 * PAGE);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1500 });
    db.close();
  });

  it('without the worker and without autocheckpoints the same writes grow the WAL (the control)', async () => {
    const db = open('control.db');
    db.pragma('wal_autocheckpoint = 0');
    await writeMany(db);
    expect(statSync(join(dir, 'control.db-wal')).size).toBeGreaterThan(1400 * PAGE);
    db.close();
  });

  /**
   * One-page commits for `ms`, each after 0.1 ms of other work (a writer preparing its next commit), never yielding
   * to the event loop: answers the largest WAL seen, in pages.
   */
  function writeWithoutPause(db: Database.Database, name: string, ms: number): number {
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const wal = join(dir, `${name}-wal`);
    const until = Date.now() + ms;
    let largest = 0;
    for (let i = 0; Date.now() < until; i++) {
      for (const busyUntil = performance.now() + 0.1; performance.now() < busyUntil; );
      insert.run(Buffer.alloc(PAGE - 200, i % 256));
      if (i % 50 === 0) largest = Math.max(largest, statSync(wal).size / PAGE);
    }
    return largest;
  }

  it('bounds the WAL under writes that never pause, where passive checkpoints never let it start again', async () => {
    const starved = open('starved.db');
    const passiveOnly = startWalCheckpointer(starved, { everyMs: 1, restartAbovePages: Infinity });
    const unbounded = writeWithoutPause(starved, 'starved.db', 1_500);
    await passiveOnly.stop();
    starved.close();

    const db = open('bounded.db');
    const checkpoints = startWalCheckpointer(db, { everyMs: 1, restartAbovePages: 256 });
    const bounded = writeWithoutPause(db, 'bounded.db', 1_500);
    await checkpoints.stop();
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    db.close();

    // the control: the passive checkpoints alone let the WAL hold every commit of the run
    expect(unbounded).toBeGreaterThan(3_000);
    // with the bound the WAL was started again and again (here about 1,000 pages at most, against 28,000 without)
    expect(bounded).toBeLessThan(unbounded / 4);
    expect(rows).toBeGreaterThan(3_000);
  });

  it('leaves in-memory databases to SQLite', async () => {
    const db = new Database(':memory:');
    const checkpoints = startWalCheckpointer(db);
    expect(checkpoints.background).toBe(false);
    await checkpoints.stop();
    db.close();
  });

  it('gives checkpoints back to the connection when the worker cannot open the file', async () => {
    const db = open('gone.db');
    const errors: unknown[] = [];
    // the worker opens the file by name with fileMustExist: a file removed under the connection fails it
    rmSync(join(dir, 'gone.db'));
    const checkpoints = startWalCheckpointer(db, { onError: (e) => errors.push(e) });
    for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(20);
    expect(errors).toHaveLength(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpoints.stop();
    db.close();
  });
});

describe('stop() in a process with nothing else to do', () => {
  it('resolves, so what follows it runs, instead of the process ending with it pending', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-wal-stop-'));
    try {
      const script = `
        const Database = require('better-sqlite3');
        const { startWalCheckpointer } = require(${JSON.stringify(join(__dirname, 'walCheckpointer.ts'))});
        (async () => {
          const db = new Database(process.argv[1]);
          db.pragma('journal_mode = WAL');
          const checkpoints = startWalCheckpointer(db);
          await checkpoints.stop();
          db.close();
          console.log('after stop');
        })();`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script, join(dir, 'alone.db')], {
        cwd: __dirname,
        encoding: 'utf8',
      });
      expect(out.trim()).toBe('after stop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
