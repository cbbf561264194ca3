import { startThread, threadEntry, type ThreadEntry } from '@appeals/threads';
import type { Worker } from 'node:worker_threads';
import { findTopics, type TopicDocument, type TopicOptions, type TopicsResult } from './topics';
import type { TopicsQuestion } from './topicsWorker';

/** Finds topics without holding up the caller's event loop (a worker thread of its own), where it can. */
export interface TopicsFinder {
  find(
    current: readonly TopicDocument[],
    previous: readonly TopicDocument[],
    options?: TopicOptions,
  ): Promise<TopicsResult>;
  /** where the clustering runs: a worker thread, or the caller's event loop (no worker module in this build) */
  readonly where: 'worker thread' | 'event loop';
  /** stops the worker (questions still open are refused) */
  close(): Promise<void>;
}

type Answer = { id: number; result: TopicsResult } | { id: number; error: string };

/** The worker side: one thread, started at the first question, questions answered in order. */
function workerFinder(thread: ThreadEntry): TopicsFinder {
  let worker: Worker | undefined;
  let next = 0;
  const open = new Map<number, { resolve: (r: TopicsResult) => void; reject: (e: Error) => void }>();
  const refuseAll = (error: Error) => {
    for (const { reject } of open.values()) reject(error);
    open.clear();
  };
  const start = () => {
    const started = startThread(thread, {});
    started.on('message', (answer: Answer) => {
      const waiting = open.get(answer.id);
      open.delete(answer.id);
      if (open.size === 0) started.unref(); // an idle worker keeps no process alive
      if ('error' in answer) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.result);
    });
    started.on('error', (error) => refuseAll(error));
    started.on('exit', () => {
      if (worker === started) worker = undefined; // the next question starts a new one
      refuseAll(new Error('the topics worker stopped'));
    });
    return started;
  };
  return {
    where: 'worker thread',
    find: (current, previous, options = {}) =>
      new Promise<TopicsResult>((resolve, reject) => {
        worker ??= start();
        worker.ref();
        const id = next++;
        open.set(id, { resolve, reject });
        const question: TopicsQuestion = { id, current: [...current], previous: [...previous], options };
        worker.postMessage(question);
      }),
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}

/**
 * Topics off the event loop: `findTopics` in a worker thread of its own (the module topicsWorker beside this one,
 * from the sources or from a build that names it as an entry), so a month of a country's subject lines (seconds of
 * CPU) does not hold up the other requests of the process. Without that module (`thread: false`, or a build without
 * it) it runs on the caller's thread and says so in `where`.
 *
 * @example
 * const topics = createTopicsFinder();
 * const { topics: found } = await topics.find(thisMonth, lastMonth, { exposure: { current: 30, previous: 31 } });
 */
export function createTopicsFinder(options: { thread?: boolean } = {}): TopicsFinder {
  const thread = options.thread === false ? undefined : threadEntry(__dirname, __filename, 'topicsWorker');
  if (thread) return workerFinder(thread);
  return {
    where: 'event loop',
    find: async (current, previous, o = {}) => findTopics(current, previous, o),
    close: async () => undefined,
  };
}
