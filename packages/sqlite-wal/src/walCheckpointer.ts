import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: a commit that finds this many pages in the WAL copies them into the database first. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export interface WalCheckpointerOptions {
  /** how often the worker copies the WAL's committed pages into the database (default 100 ms) */
  everyMs?: number;
  /**
   * a WAL holding more pages than this after a passive checkpoint is copied whole and started again from its beginning
   * (a RESTART checkpoint, which holds writers back while it copies the last pages; default 16,384: 64 MB of 4 KB pages)
   */
  restartAbovePages?: number;
  /** how long that checkpoint waits for the writer and the readers before trying again at the next tick (default 1 s) */
  restartWaitMs?: number;
  /** told when the worker fails; the connection then checkpoints itself again, as SQLite does by default */
  onError?: (error: unknown) => void;
}

export interface WalCheckpointer {
  /** whether a worker thread does the checkpoints (false for in-memory, read-only or non-WAL databases) */
  readonly background: boolean;
  /** Stops the worker (closing its connection) and gives checkpoints back to the connection; call before close. */
  stop(): Promise<void>;
}

/**
 * The worker: its own connection to the same file, a PASSIVE checkpoint every `everyMs` (it never waits for a lock
 * and never blocks a reader or the writer), closed on 'stop'. A passive checkpoint copies only what no reader still
 * needs and ends where the last commit before it ended: under writes that never pause (a seed of the history, a
 * burst) the next commit always finds pages not yet copied, so the WAL is never started again and grows without
 * bound (19 GB in 9 minutes of a ten-million-event seed, each page read then searching thousands of WAL index
 * blocks: the append slowed from 7,000 to 3,400 events/s). So once the WAL holds more than `restartAbovePages`,
 * the worker runs a RESTART checkpoint: it waits up to `restartWaitMs` for the writer's lock and the readers,
 * copies the few pages the passive ones left, and lets the next commit write from the file's start; writers wait
 * for it within their busy timeout. (A TRUNCATE checkpoint, which also empties the file, seeded 10 % slower: the
 * file is grown again every time.) `journal_size_limit` cuts back a WAL that grew before, at its next restart.
 * Plain CommonJS, so it runs the same under tsx, jest and a bundled build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = ' + workerData.synchronous);
function checkpoint(mode) {
  try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch (error) { if (error.code !== 'SQLITE_BUSY') throw error; }
}
const timer = setInterval(() => {
  const passive = checkpoint('PASSIVE');
  if (!passive || passive.log <= workerData.restartAbovePages) return;
  db.pragma('busy_timeout = ' + workerData.restartWaitMs);
  try { checkpoint('RESTART'); } finally { db.pragma('busy_timeout = 0'); }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const inert: WalCheckpointer = { background: false, stop: async () => undefined };

/**
 * Moves a WAL database's checkpoints off the event loop. By default the commit that finds 1000 pages in the WAL
 * copies them all into the database before it returns (measured here: ≈ 9 ms every ≈ 6 commits-worth of appeals,
 * on the thread that serves requests). With this, the connection never checkpoints (`wal_autocheckpoint = 0`) and a
 * worker thread with its own connection copies committed pages every `everyMs`, so the WAL stays small and no
 * request waits for it. If the worker fails, the connection checkpoints itself again.
 *
 * @example
 * const db = new Database('data/views.db'); db.pragma('journal_mode = WAL');
 * const checkpoints = startWalCheckpointer(db);
 * // … at shutdown:
 * await checkpoints.stop(); db.close();
 */
export function startWalCheckpointer(
  db: Database.Database,
  options: WalCheckpointerOptions = {},
): WalCheckpointer {
  if (db.memory || db.readonly) return inert;
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return inert;
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  const giveBack = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  };
  db.pragma('wal_autocheckpoint = 0');
  const restartAbovePages = Math.max(0, Math.trunc(options.restartAbovePages ?? 16_384));
  if (Number.isFinite(restartAbovePages)) {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.pragma(`journal_size_limit = ${2 * restartAbovePages * pageSize}`);
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      filename: db.name,
      everyMs: Math.max(1, Math.trunc(options.everyMs ?? 100)),
      restartAbovePages,
      restartWaitMs: Math.max(0, Math.trunc(options.restartWaitMs ?? 1_000)),
      synchronous,
    },
  });
  // a process that forgets to stop it may still exit
  worker.unref();
  let stopping = false;
  // (not events.once: that would also reject on 'error', which is handled below)
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => {
    giveBack();
    options.onError?.(error);
  });
  worker.on('exit', () => {
    if (!stopping) giveBack();
  });
  return {
    background: true,
    async stop() {
      if (stopping) return;
      stopping = true;
      // held again while it stops: a process that has nothing else to do must still wait for the worker to close
      // its connection, not end with this promise pending
      worker.ref();
      worker.postMessage('stop');
      await exited;
      giveBack();
    },
  };
}
