import type { ReadStore } from '@appeals/readstore';
import { parentPort, workerData } from 'node:worker_threads';
import type { Envelope } from './projector';
import { createRebuildPass, isProjectedStream, type RebuildPass } from './rebuildPass';
import { createBucketBuilder, type StatsBucket } from './statsBuckets';
import type { StatsInput } from './stats';
import type { FoldThreadData, FoldThreadMessage, FoldThreadStop } from './rebuildShards';

/**
 * A fold thread of a rebuild's bulk pass (rebuildShards.ts): opens the log and the views itself, reads the log page
 * by page up to the head the rebuild started at, folds the streams of its share (createRebuildPass, the same code
 * as on one thread) and writes them; reports each page, and ends at a page boundary when told to stop.
 */

/** A row of the log as its worker source's `readShare` answers it (data and metadata as stored text). */
interface LogRecord {
  id: string;
  type: string;
  time: string;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  checkpoint: string;
  dataJson: string;
  metadataJson: string;
}

/** One window of the log for this thread: its share's rows, the events of the window, the cursor after it. */
interface Window {
  records: LogRecord[];
  events: number;
  checkpoint: string;
  /** the window reached the head the rebuild began at */
  last: boolean;
}

interface ShareOptions {
  after: string | undefined;
  limit: number;
  until: number;
  share: FoldThreadData['share'];
}

interface OpenedLog {
  /** the share's rows, read by the store itself (SQLite: sqliteShareReader) */
  readShare?(options: ShareOptions): Promise<Window>;
  close(): Promise<void>;
}

/** The next window of the log after `after` for this thread's share, or undefined when none is left. */
function windows(log: OpenedLog, data: FoldThreadData) {
  const { until, share, batchSize: limit } = data;
  if (!log.readShare) throw new Error("the log's worker source reads no shares of its streams (readShare)");
  const readShare = log.readShare.bind(log);
  return async (after: string | undefined): Promise<Window | undefined> => {
    const window = await readShare({ after, limit, until, share });
    return window.events === 0 && window.last ? undefined : window;
  };
}

/** A row as the projector's envelope: its data and metadata parsed, nothing else copied. */
const envelopeOf = (r: LogRecord): Envelope => ({
  id: r.id,
  type: r.type,
  stream: r.streamId,
  streamPosition: r.streamPosition,
  globalPosition: r.globalPosition,
  time: r.time,
  data: JSON.parse(r.dataJson) as unknown,
  metadata: JSON.parse(r.metadataJson) as Envelope['metadata'],
});

// modules named at run time (the stores'), loaded with require: a TypeScript source goes through tsx's hook
/* eslint-disable @typescript-eslint/no-require-imports */
const openLog = (data: FoldThreadData) =>
  (require(data.log.module) as { openChainLog(options: unknown): Promise<OpenedLog> }).openChainLog(
    data.log.options,
  );
const openViews = (data: FoldThreadData) =>
  (require(data.views.module) as { openReadStore(options: unknown): Promise<ReadStore> }).openReadStore(
    data.views.options,
  );
/* eslint-enable @typescript-eslint/no-require-imports */

/** Applies the windows of the log after `data.after` up to `data.until` through `pass`; true when it reached the end. */
async function fold(
  data: FoldThreadData,
  log: OpenedLog,
  pass: RebuildPass,
  post: (m: FoldThreadMessage) => void,
) {
  const next = windows(log, data);
  let stopping = false;
  parentPort!.on('message', (m: FoldThreadStop) => void (stopping ||= m.stop));
  let after = data.after;
  try {
    while (!stopping) {
      const window = await next(after);
      if (!window) return true;
      await pass.applyEnvelopes(window.records.filter((r) => isProjectedStream(r.streamId)).map(envelopeOf));
      after = window.checkpoint;
      post({ page: { events: window.events, checkpoint: after } });
      if (window.last) return true;
    }
    return false;
  } finally {
    await pass.flush();
  }
}

/** The day buckets of the summaries the pass wrote (this thread's share of the generation's statistics). */
async function dayBuckets(views: ReadStore, data: FoldThreadData, pass: RebuildPass): Promise<StatsBucket[]> {
  const builder = createBucketBuilder();
  for (const appealId of pass.written()) {
    const summary = await views.get<StatsInput>(data.names.summary, appealId);
    if (summary) builder.addSummary(summary);
  }
  return builder.dayBuckets();
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as FoldThreadData;
  const post = (m: FoldThreadMessage) => port.postMessage(m);
  let log: OpenedLog | undefined;
  let views: ReadStore | undefined;
  try {
    log = await openLog(data);
    views = await openViews(data);
    // from the log's start, every summary of the share is this pass's: their day buckets are this share's
    const fromStart = data.after === undefined;
    const pass = createRebuildPass({ views }, data.names, {
      cacheSize: data.cacheSize,
      trackWritten: fromStart,
    });
    const complete = await fold(data, log, pass, post);
    post({ passed: { complete } });
    post({ done: complete && fromStart ? { days: await dayBuckets(views, data, pass) } : {} });
    await views.close();
    views = undefined;
  } catch (error) {
    post({ failed: error instanceof Error ? error.message : String(error) });
  } finally {
    await views?.close().catch(() => undefined);
    await log?.close().catch(() => undefined);
  }
}

if (parentPort) void main(parentPort);
