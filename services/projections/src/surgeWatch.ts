import { localDateOf, periodBefore, periodOf } from '@appeals/analytics';
import { stampVersion, SURGE_DETECTED, SurgeDetected, surgeStream } from '@appeals/contracts';
import { nameBasedEventId, type EventStore } from '@appeals/eventstore';
import type { ReadStore } from '@appeals/readstore';
import { readSurges, type SurgesAnswer } from './analytics';
import type { ViewNames } from './generations';

/** The watch's actor on the events it writes. */
const ACTOR = { id: 'surge-watch', role: 'system' } as const;

/**
 * Appends one surge to its category and region's stream (`surge-<categoryId>.<regionKato>`), with an id derived from
 * the cell, week and direction: the same surge found again (the next run, another replica) is a no-op. Answers
 * whether it was new.
 */
async function appendSurge(
  store: EventStore,
  surge: SurgesAnswer['surges'][number],
  answer: SurgesAnswer,
  now: Date,
): Promise<boolean> {
  const data = SurgeDetected.parse({
    categoryId: surge.categoryId,
    regionKato: surge.regionKato,
    weekStart: answer.week.start,
    week: answer.week.label,
    direction: surge.direction,
    observed: surge.observed,
    expected: surge.expected,
    baseline: surge.baseline.map((b) => b.count),
    pValue: surge.pValue,
    alpha: answer.alpha,
    method: answer.method,
    partialWeek: !answer.week.complete,
    detectedAt: now.toISOString(),
  });
  const result = await store.append(
    surgeStream(surge.categoryId, surge.regionKato),
    [
      {
        id: nameBasedEventId(
          SURGE_DETECTED,
          surge.categoryId,
          surge.regionKato,
          answer.week.start,
          surge.direction,
        ),
        type: SURGE_DETECTED,
        data,
        time: now.toISOString(),
        metadata: stampVersion(SURGE_DETECTED, { actor: ACTOR, service: 'projections' }),
      },
    ],
    { expectedVersion: 'any' },
  );
  return !result.idempotentReplay;
}

export interface SurgeWatchDeps {
  views: ReadStore;
  store: EventStore;
  names: () => Pick<ViewNames, 'summary'>;
  clock: () => Date;
  offsetMinutes: number;
  /** how often the watch looks (ms); 0: only when `runOnce` is called */
  intervalMs: number;
  onError?: (error: unknown) => void;
}

/**
 * The surge watch (ADR topics and surges): now and then judges the week that ended and the week running, and
 * appends a `SurgeDetected` event for each surge not yet recorded, which the relay (cluster) or the log bus
 * (embedded) carries to any consumer on `surges.events.v1`. Several replicas may run it: the ids make a second write
 * of the same surge a no-op.
 */
export function createSurgeWatch(deps: SurgeWatchDeps) {
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const look = async (): Promise<number> => {
    const now = deps.clock();
    const today = localDateOf(now, deps.offsetMinutes);
    const lastWeek = periodBefore(periodOf('week', today, deps.offsetMinutes), deps.offsetMinutes).start;
    let appended = 0;
    for (const day of [lastWeek, today]) {
      const answer = await readSurges(deps.views, deps.names(), day, now, deps.offsetMinutes);
      for (const surge of answer.surges) if (await appendSurge(deps.store, surge, answer, now)) appended++;
    }
    return appended;
  };
  /** One look now (after the one running, if any); answers how many surges it recorded. */
  const runOnce = async (): Promise<number> => {
    while (running) await running.catch(() => undefined);
    running = look();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  return {
    runOnce,
    start() {
      if (deps.intervalMs <= 0 || timer) return;
      timer = setInterval(
        () => void runOnce().catch((error: unknown) => deps.onError?.(error)),
        deps.intervalMs,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
