import { kafkaClientConfig } from '@appeals/bus-kafka';
import type { Namespace } from '@appeals/service-host/namespace';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import type { Acknowledged } from './load';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the event log holds of the acknowledged appeals. */
export interface LogFigures {
  /** acknowledged appeals whose stream has no AppealSubmitted */
  lost: string[];
  /** acknowledged appeals submitted more than once */
  duplicated: string[];
  /** acknowledged appeals routed other than exactly once, with how often */
  routedNotOnce: Array<{ id: string; routed: number }>;
  /** appeals in the log that no client was told about (a retried request filed twice would land here) */
  unacknowledged: number;
  events: number;
}

/** Counts, per acknowledged appeal, its AppealSubmitted and AppealRouted events in the PostgreSQL log. */
export async function checkLog(ns: Namespace, acknowledged: readonly Acknowledged[]): Promise<LogFigures> {
  const pool = new Pool({ connectionString: ns.postgresUrl, max: 1 });
  try {
    const schema = `"${ns.schema.replaceAll('"', '')}"`;
    const rows = (
      await pool.query<{ stream_id: string; submitted: number; routed: number }>(
        `SELECT stream_id,
                count(*) FILTER (WHERE type = 'AppealSubmitted')::int AS submitted,
                count(*) FILTER (WHERE type = 'AppealRouted')::int AS routed
           FROM ${schema}.events WHERE stream_id LIKE 'appeal-%' GROUP BY stream_id`,
      )
    ).rows;
    const events = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.events`))
      .rows[0]!.n;
    const byStream = new Map(rows.map((r) => [r.stream_id, r]));
    const ids = new Set(acknowledged.map((a) => a.id));
    const figures: LogFigures = { lost: [], duplicated: [], routedNotOnce: [], unacknowledged: 0, events };
    for (const id of ids) {
      const row = byStream.get(`appeal-${id}`);
      if (!row || row.submitted === 0) figures.lost.push(id);
      else if (row.submitted > 1) figures.duplicated.push(id);
      if ((row?.routed ?? 0) !== 1) figures.routedNotOnce.push({ id, routed: row?.routed ?? 0 });
    }
    figures.unacknowledged = rows.filter(
      (r) => r.submitted > 0 && !ids.has(r.stream_id.slice('appeal-'.length)),
    ).length;
    return figures;
  } finally {
    await pool.end();
  }
}

/**
 * The adapter's dead-letter and quarantine topics, shared by every namespace (their letters name their original
 * topic in `x-original-topic`).
 */
const SHARED_PARKING = ['appeals.dlq.v1', 'appeals.quarantine.v1'] as const;
type Marks = Map<string, Map<number, number>>;

const adminOf = (ns: Namespace) =>
  new Kafka({
    clientId: 'chaos-check',
    ...kafkaClientConfig({ brokers: ns.kafkaBrokers, sasl: ns.kafkaSasl }),
    logLevel: logLevel.NOTHING,
  });

/** Where the shared parking topics end now, per partition: the letters after that are this run's to count. */
export async function deadLetterMarks(ns: Namespace): Promise<Marks> {
  const admin = adminOf(ns).admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    const marks: Marks = new Map();
    for (const topic of SHARED_PARKING.filter((t) => topics.includes(t)))
      marks.set(
        topic,
        new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)])),
      );
    return marks;
  } finally {
    await admin.disconnect();
  }
}

/** Reads a shared parking topic from `marks` to its end; counts the letters of the run's own topics. */
async function sharedLettersSince(
  ns: Namespace,
  topic: string,
  marks: Map<number, number>,
  ends: Map<number, number>,
) {
  const todo = [...ends].filter(([p, end]) => end > (marks.get(p) ?? 0));
  if (todo.length === 0) return 0;
  const prefix = `${ns.kafkaNamespace}.`;
  const consumer = adminOf(ns).consumer({ groupId: `${prefix}chaos-parked-check` });
  await consumer.connect();
  let letters = 0;
  const left = new Set(todo.map(([p]) => p));
  try {
    await consumer.subscribe({ topic });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (String(message.headers?.['x-original-topic'] ?? '').startsWith(prefix)) letters++;
          if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) left.delete(partition);
          if (left.size === 0) resolve();
        },
      });
    });
    for (const [partition] of todo)
      consumer.seek({ topic, partition, offset: String(marks.get(partition) ?? 0) });
    await Promise.race([done, sleep(30_000)]);
    if (left.size > 0)
      throw new Error(`could not read the dead letters of partitions ${[...left].join(', ')} in 30 s`);
    return letters;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Messages this run parked: letters in the shared dead-letter topic since `marks` whose original topic is the
 * run's, and whatever waits in the run's own dead-letter or quarantine topics. Nothing should be there.
 */
export async function deadLetters(ns: Namespace, marks: Marks): Promise<Record<string, number>> {
  const admin = adminOf(ns).admin();
  await admin.connect();
  const counts: Record<string, number> = {};
  try {
    const all = await admin.listTopics();
    const own = all.filter((t) => t.startsWith(`${ns.kafkaNamespace}.`) && /dlq|quarantine/.test(t));
    for (const topic of own) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts[topic] = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    }
    for (const topic of SHARED_PARKING.filter((t) => all.includes(t))) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
      counts[`${topic} (this run's)`] = await sharedLettersSince(
        ns,
        topic,
        marks.get(topic) ?? new Map(),
        ends,
      );
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

/** Follows acknowledged appeals through the API until each reads back `routed`. */
export interface ViewFollower {
  add(ack: Acknowledged): void;
  /** waits until every appeal added reads `routed`, or `timeoutMs`; then stops following */
  settle(
    timeoutMs: number,
  ): Promise<{ convergedAt: number | undefined; notConverged: string[]; reads: number }>;
}

/**
 * Reads each acknowledged appeal back as its applicant does (by tracking code), from `concurrency` readers,
 * re-asking only the ones not yet `routed`, for as long as the run lasts: the moment the last one is routed is
 * when the views converged.
 */
export function followViews(api: string, concurrency = 4): ViewFollower {
  let pending: Acknowledged[] = [];
  let reads = 0;
  let stopped = false;
  let emptySince: number | undefined = Date.now();
  const routed = async (a: Acknowledged): Promise<boolean> => {
    reads++;
    try {
      const url = `${api}/appeals/${a.id}?trackingCode=${encodeURIComponent(a.trackingCode)}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = (await res.json().catch(() => ({}))) as { status?: string };
      return res.status === 200 && body.status === 'routed';
    } catch {
      return false;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const round = pending;
      pending = [];
      const still: Acknowledged[] = [];
      let next = 0;
      const reader = async () => {
        while (next < round.length && !stopped) {
          const a = round[next++]!;
          if (!(await routed(a))) still.push(a);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, reader));
      pending = [...still, ...round.slice(next), ...pending];
      if (pending.length === 0) emptySince ??= Date.now();
      await sleep(round.length === 0 || still.length > 0 ? 100 : 0);
    }
  })();
  return {
    add(ack) {
      pending.push(ack);
      emptySince = undefined;
    },
    async settle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && (pending.length > 0 || emptySince === undefined)) await sleep(50);
      stopped = true;
      await loop;
      return { convergedAt: emptySince, notConverged: pending.map((a) => a.id), reads };
    },
  };
}

/**
 * What an auditor needs to see when the chain does not verify: the first links (with the readAll place they were
 * sealed at) and the first events in readAll order (transaction id, global position) and in global position order.
 */
export async function chainDiagnosis(ns: Namespace, rows = 6): Promise<string> {
  const pool = new Pool({ connectionString: ns.postgresUrl, max: 1 });
  const schema = `"${ns.schema.replaceAll('"', '')}"`;
  try {
    const q = async (sql: string) => (await pool.query(sql)).rows.map((r) => JSON.stringify(r)).join('\n  ');
    const cols = `global_position, transaction_id::text AS xid, event_id, stream_id, stream_position, type, "time"`;
    return [
      `links:\n  ${await q(`SELECT seq, event_id, global_position, checkpoint FROM ${schema}.chain_links ORDER BY seq LIMIT ${rows}`)}`,
      `events in readAll order:\n  ${await q(`SELECT ${cols} FROM ${schema}.events ORDER BY transaction_id, global_position LIMIT ${rows}`)}`,
      `events in global position order:\n  ${await q(`SELECT ${cols} FROM ${schema}.events ORDER BY global_position LIMIT ${rows}`)}`,
    ].join('\n');
  } finally {
    await pool.end();
  }
}
