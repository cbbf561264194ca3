import { createTopicsFinder, type TopicsFinder } from '@appeals/analytics';
import type { Bus, Consumer } from '@appeals/bus';
import type { EventStore } from '@appeals/eventstore';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import { Router } from 'express';
import { analyticsRouter } from './analytics.http';
import { ViewGenerations } from './generations';
import { startProjector } from './projector';
import { faqReadRouter } from './faq.http';
import { open311ReadRouter } from './open311.http';
import { openDataRouter } from './openData.http';
import { queriesRouter } from './queries.http';
import { createViewRebuilder } from './rebuild';
import { rebuildRouter } from './rebuild.http';
import { statsRouter } from './stats.http';
import { backfillBuckets } from './statsBuckets';
import { createStatsSettler } from './statsDirty';
import { createSurgeWatch } from './surgeWatch';
import { DEFAULT_DAY_OFFSET_MINUTES } from './period';
import { announcingWrites, createViewChanges } from './viewChanges';

/**
 * The projections service's composition root: builds the read views from the bus, serves queries on them, and
 * lets an admin rebuild them from the event store's log into a new generation while it runs.
 */
export function createProjectionsService(deps: {
  store: EventStore;
  bus: Bus;
  views: ReadStore;
  /** opens the applicants' sealed personal data the views hold for readers allowed to see it (ADR 0006) */
  vault: PersonalDataVault;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  /** first answers by `Idempotency-Key` (the admin's rebuild) */
  idempotency: IdempotencyStore;
  onError?: (error: unknown, context: string) => void;
  /** how long the public statistics for one period are reused (ms; 10 s by default) */
  statsCacheMs?: number;
  /**
   * Another process may write these views too (several projections replicas share the consumer group): a reader
   * waiting for a view then also re-reads it this often (ms). Absent: this process is the only writer, and a
   * reader waits for its writes alone.
   */
  viewRecheckMs?: number;
  /** how many readers may wait for a view at once (GET with a wait condition, event streams) */
  maxViewWatches?: number;
  /** an idle event stream of an appeal gets a heartbeat this often (ms; 15 s by default) */
  eventStreamHeartbeatMs?: number;
  /**
   * how long after the projector marks statistics days dirty their buckets are recomputed in the background (ms;
   * 1 s by default): one recomputation per day and delay however many batches touched it (ADR 0025)
   */
  statsSettleMs?: number;
  /** the language of service and agency names on the Open311 edge (its default when absent) */
  open311Language?: 'kk' | 'ru' | 'en';
  /** how long one answer of the topics and surges routes is reused (ms; 60 s by default) */
  analyticsCacheMs?: number;
  /** how often the surge watch judges the week ended and the week running (ms; 1 hour by default; 0: never) */
  surgeWatchMs?: number;
}) {
  const changes = createViewChanges(
    deps.maxViewWatches === undefined ? {} : { maxWatches: deps.maxViewWatches },
  );
  const written = announcingWrites(deps.views, changes);
  const generations = new ViewGenerations(deps.views, () => changes.changedAll());
  const rebuilder = createViewRebuilder({
    store: deps.store,
    views: deps.views,
    generations,
    clock: deps.clock,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
  const live = liveProjection(deps, written, generations);
  const router = Router();
  router.use(
    queriesRouter({
      ...deps,
      generations,
      changes,
      ...(deps.viewRecheckMs === undefined ? {} : { recheckMs: deps.viewRecheckMs }),
      ...(deps.eventStreamHeartbeatMs === undefined ? {} : { heartbeatMs: deps.eventStreamHeartbeatMs }),
    }),
  );
  // the topics' clustering (seconds of CPU for a month of a country) runs on a worker thread, not this event loop
  const topics = createTopicsFinder();
  router.use(aggregateRoutes(deps, generations, topics));
  router.use(rebuildRouter({ rebuilder, registry: deps.registry, idempotency: deps.idempotency }));
  const surgeWatch = surgeWatchOf(deps, generations);
  return {
    name: 'projections' as const,
    router,
    /** the Open311 GeoReport v2 reads, mounted at /open311/v2 (requests, tokens) */
    open311Router: open311ReadRouter({ ...deps, generations, language: deps.open311Language }),
    generations,
    rebuilder,
    /** the in-process notifier of view writes that waiting readers listen to */
    changes,
    /** the surge watch: `runOnce()` looks at once (the service also looks every `surgeWatchMs`) */
    surgeWatch,
    async start() {
      await live.start();
      surgeWatch.start();
    },
    /** Resolves once the statistics cover the summaries there were at the start (see backfillBuckets). */
    statisticsFilled: live.statisticsFilled,
    async stop() {
      changes.close(); // waiting readers answer now, event streams end
      await surgeWatch.stop();
      await rebuilder.stop();
      await live.stop();
      await topics.close();
    },
  };
}

/** The aggregate reads: public statistics, and the topics and surges for the press and heads. */
function aggregateRoutes(
  deps: Parameters<typeof createProjectionsService>[0],
  generations: ViewGenerations,
  topics: TopicsFinder,
) {
  const router = Router();
  router.use(
    statsRouter({
      ...deps,
      generations,
      ...(deps.statsCacheMs === undefined ? {} : { cacheMs: deps.statsCacheMs }),
    }),
  );
  router.use(
    analyticsRouter({
      ...deps,
      generations,
      topics,
      ...(deps.analyticsCacheMs === undefined ? {} : { cacheMs: deps.analyticsCacheMs }),
    }),
  );
  router.use(
    openDataRouter({
      ...deps,
      generations,
      ...(deps.statsCacheMs === undefined ? {} : { cacheMs: deps.statsCacheMs }),
    }),
  );
  router.use(faqReadRouter({ ...deps, generations }));
  return router;
}

/** The surge watch on the active generation's summaries (ADR topics and surges). */
const surgeWatchOf = (deps: Parameters<typeof createProjectionsService>[0], generations: ViewGenerations) =>
  createSurgeWatch({
    views: deps.views,
    store: deps.store,
    names: () => generations.current(),
    clock: deps.clock,
    offsetMinutes: DEFAULT_DAY_OFFSET_MINUTES,
    intervalMs: deps.surgeWatchMs ?? 3_600_000,
    onError: (error) => deps.onError?.(error, 'the surge watch failed'),
  });

/**
 * The live side: the projector on the bus, the background recomputation of the statistics days it marks, and the
 * one-off fill of statistics an earlier version left out.
 */
function liveProjection(
  deps: Parameters<typeof createProjectionsService>[0],
  written: ReadStore,
  generations: ViewGenerations,
) {
  let consumer: Consumer | undefined;
  let filling: Promise<void> = Promise.resolve();
  let stopping = false;
  const settler = createStatsSettler({
    views: deps.views,
    names: () => generations.current(),
    delayMs: deps.statsSettleMs ?? 1_000,
    onError: (error) => deps.onError?.(error, 'recomputing the statistics of the marked days failed'),
  });
  return {
    async start() {
      await generations.load();
      consumer = await startProjector(
        deps.bus,
        { ...deps, views: written },
        'projections',
        generations,
        settler.marked,
      );
      settler.marked(); // days a stopped process marked and never recomputed
      // summaries an earlier version wrote without statistics: counted in the background, once
      filling = backfillBuckets(deps.views, generations.current(), () => stopping).catch((error: unknown) =>
        deps.onError?.(error, 'filling the statistics of the existing summaries failed'),
      );
    },
    statisticsFilled: () => filling,
    async stop() {
      stopping = true;
      await consumer?.stop();
      await settler.stop();
      await filling;
    },
  };
}
