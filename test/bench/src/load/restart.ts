import { appealBody } from './driver';
import { cpuSeconds } from './processes';
import { seedDataDir } from './seed';
import { startSpanCounter, type SpanCounter } from './spanCounter';
import { startEmbedded } from './systems';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartFigures {
  /** spawn → GET /health answers 200 (the process listens once the system has started) */
  healthMs: number;
  /** spawn → an appeal filed right after /health reads back routed (the consumers have reached new events) */
  readyMs: number;
  /** spawn → the process's CPU use stayed under 5 % for 2 s (the consumers have nothing left to do) */
  quietMs: number;
  /** CPU seconds the process used until /health, and until quiet */
  cpuAtHealth: number | undefined;
  cpuAtQuiet: number | undefined;
  /** messages the consumers handled that belong to no trace the bench started (old events handled again) */
  oldHandled?: number;
  /** messages of the bench's own fresh appeal that the consumers handled */
  freshHandled?: number;
}

/** Files one appeal (in a trace of the bench's when `traceparent` is given) and waits until it reads back routed. */
async function fileAndWaitRouted(base: string, deadline: number, traceparent?: string): Promise<void> {
  const res = await fetch(`${base}/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(traceparent ? { traceparent } : {}) },
    body: appealBody(0),
  });
  if (res.status !== 201) throw new Error(`POST /appeals answered ${res.status}: ${await res.text()}`);
  const { id, trackingCode } = (await res.json()) as { id: string; trackingCode: string };
  while (performance.now() < deadline) {
    const view = await fetch(`${base}/appeals/${id}?trackingCode=${encodeURIComponent(trackingCode)}`);
    const body = (view.status === 200 ? await view.json() : (await view.text(), {})) as { status?: string };
    if (body.status === 'routed') return;
    await sleep(20);
  }
  throw new Error('the fresh appeal was not routed in time');
}

/** Waits until the process has used under 5 % of a core for 2 s in a row; resolves with the time it did. */
async function quiet(pid: number | undefined, deadline: number): Promise<number> {
  let last = cpuSeconds(pid) ?? 0;
  let calm = 0;
  while (performance.now() < deadline) {
    await sleep(500);
    const now = cpuSeconds(pid);
    if (now === undefined) return performance.now(); // no /proc here: nothing to watch
    calm = now - last < 0.025 ? calm + 1 : 0;
    last = now;
    if (calm >= 4) return performance.now() - 2_000;
  }
  return performance.now();
}

/** Starts the embedded process on `dataDir`, takes the start figures, and stops it. */
export async function startAndWatch(
  dataDir: string,
  counter?: SpanCounter,
  timeoutMs = 900_000,
): Promise<StartFigures> {
  const env: Record<string, string> = counter
    ? {
        OTEL_EXPORTER_OTLP_ENDPOINT: counter.endpoint,
        // every span exported, none dropped: a queue as large as the log, sent often
        OTEL_BSP_MAX_QUEUE_SIZE: '4000000',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10000',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      }
    : {};
  const spawned = performance.now();
  const sut = await startEmbedded(dataDir, env, timeoutMs);
  try {
    const cpuAtHealth = cpuSeconds(sut.pid);
    const deadline = spawned + timeoutMs;
    await fileAndWaitRouted(sut.base, deadline, counter?.newTraceparent());
    const readyMs = performance.now() - spawned;
    const quietAt = await quiet(sut.pid, deadline);
    const figures: StartFigures = {
      healthMs: sut.healthMs,
      readyMs,
      quietMs: Math.max(readyMs, quietAt - spawned),
      cpuAtHealth,
      cpuAtQuiet: cpuSeconds(sut.pid),
    };
    if (!counter) return figures;
    let before = -1;
    while (counter.counts().ours + counter.counts().others !== before) {
      before = counter.counts().ours + counter.counts().others;
      await sleep(1_500); // spans are exported every 200 ms: 1.5 s without a new one means all are in
    }
    return { ...figures, oldHandled: counter.counts().others, freshHandled: counter.counts().ours };
  } catch (error) {
    throw new Error(`${(error as Error).message}; the system's last output:\n${sut.tail?.() ?? ''}`);
  } finally {
    await sut.stop();
  }
}

/**
 * The embedded restart: a log of `events` events is seeded, the system started on it once (its consumers handle
 * the log for the first time) and stopped; then it is restarted twice: once timed, once with tracing on to count
 * what its consumers handle (spans to the bench's own OTLP receiver; tracing slows a start, so it is not timed).
 */
export async function restartScenario(
  dataDir: string,
  events: number,
  log: (line: string) => void = console.log,
) {
  const seeded = await seedDataDir(dataDir, events, log);
  log(`  seed: ${seeded.events} events (${seeded.appeals} appeals) in ${seeded.seconds.toFixed(1)} s`);
  const first = await startAndWatch(dataDir);
  log(`  first start: ${JSON.stringify(first)}`);
  const restart = await startAndWatch(dataDir);
  log(`  restart: ${JSON.stringify(restart)}`);
  const counter = await startSpanCounter();
  try {
    const counted = await startAndWatch(dataDir, counter);
    log(`  restart with tracing: ${JSON.stringify(counted)}`);
    return { seeded, first, restart, counted };
  } finally {
    await counter.close();
  }
}
