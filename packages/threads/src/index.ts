import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Where a worker thread's module is, and the TypeScript loader it needs when it is a source file. */
export interface ThreadEntry {
  entry: string;
  loader: string | undefined;
}

// A worker runs this: it loads TypeScript through tsx when its entry is a source file (tsx or jest in the main
// thread; a worker does not inherit either's loader for `require`), else plain JavaScript (a build).
const BOOT = `
const { workerData } = require('node:worker_threads');
const { entry, loader } = workerData.thread;
if (loader && !require('node:module')._extensions['.ts']) require(loader).register();
require(entry);
`;

/** tsx's CommonJS register API, which a worker started from the TypeScript sources loads them with. */
const TSX_REGISTER = 'tsx/cjs/api';

/**
 * The worker module `name` beside the calling module: `<dir>/<name>.ts` when the caller runs from its sources (then
 * through tsx), `<dir>/<name>.js` in a build (a process bundle has it only when its build names it as an entry).
 * Undefined when there is none, or no tsx to load a source: the caller then does the work on its own thread.
 *
 * @example
 * const entry = threadEntry(__dirname, __filename, 'topicsWorker');
 */
export function threadEntry(dir: string, callerFile: string, name: string): ThreadEntry | undefined {
  const ext = extname(callerFile);
  const entry = join(dir, `${name}${ext}`);
  if (!existsSync(entry)) return undefined;
  if (ext !== '.ts') return { entry, loader: undefined };
  try {
    // named through a constant so that bundlers leave it alone: only a run from the sources looks it up
    return { entry, loader: require.resolve(TSX_REGISTER) };
  } catch {
    return undefined;
  }
}

/**
 * Starts a worker thread on `thread`; the module reads `data` from `workerData` (beside a `thread` field).
 * `resourceLimits` sizes its heap (a thread that makes many short-lived objects collects less often with a larger
 * young generation).
 */
export function startThread(thread: ThreadEntry, data: object, resourceLimits?: ResourceLimits): Worker {
  return new Worker(BOOT, {
    eval: true,
    workerData: { ...data, thread },
    ...(resourceLimits ? { resourceLimits } : {}),
  });
}
