import { parentPort } from 'node:worker_threads';
import { findTopics, type TopicDocument, type TopicOptions } from './topics';

/** A question to a topics worker (topicsOffThread.ts), and its answer. */
export interface TopicsQuestion {
  id: number;
  current: TopicDocument[];
  previous: TopicDocument[];
  options: TopicOptions;
}

// A topics worker: answers each question it is sent, in order, with findTopics (a pure function of the message).
const port = parentPort;
port?.on('message', ({ id, current, previous, options }: TopicsQuestion) => {
  try {
    port.postMessage({ id, result: findTopics(current, previous, options) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
