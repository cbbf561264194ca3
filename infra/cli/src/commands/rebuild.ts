import type { EventStore } from '@appeals/eventstore';
import {
  createViewRebuilder,
  RebuildNotResumable,
  ViewGenerations,
  type RebuildProgress,
} from '@appeals/projections';
import type { ReadStore } from '@appeals/readstore';
import { withJson, wholeNumber, type Context, type Register } from '../context';
import { EXIT, UsageError, type Outcome } from '../outcome';
import { openEventStore, openViews } from '../stores';
import { describeLocation, locate, withViewOptions, type WhereOptions } from '../where';

// `appeals rebuild`: the read views rebuilt from zero out of the event log, by the projections service's own
// rebuilder (services/projections/src/rebuild.ts: the bulk pass, then a catch-up, then the switch to the new
// generation and the old one dropped), run in this process against the stores the services use.

interface RebuildOptions extends WhereOptions {
  batchSize: number;
  resume?: string;
  pollMs: number;
  json?: boolean;
}

/** `appeals rebuild [--resume ID]`. */
export const registerRebuild: Register = (program, plan) => {
  withJson(
    withViewOptions(
      program
        .command('rebuild')
        .description(
          'Rebuilds the read views (appeal detail, summaries, statistics) from the event log into a new generation, ' +
            'then switches to it and drops the old one. Run it with the projections stopped (embedded: the system ' +
            'stopped); while the system runs, use POST /api/v1/admin/projections/rebuild. Ctrl-C stops it where it ' +
            'is: --resume <id> goes on from there. Exit 1 when the rebuild failed (the old views stay).',
        ),
    ),
  )
    .option('--batch-size <n>', 'events read from the log per page', wholeNumber(1), 1000)
    .option(
      '--resume <id>',
      'go on with an interrupted rebuild from where it stopped, into the views it had begun',
    )
    .option('--poll-ms <n>', 'how often the progress is looked at (ms)', wholeNumber(10), 200)
    .action((options: RebuildOptions) => plan('rebuild', options.json, (ctx) => rebuild(ctx, options)));
};

/** Starts (or resumes) the rebuild and follows it to its end, drawing its progress. */
async function follow(
  ctx: Context,
  stores: { store: EventStore; views: ReadStore },
  options: RebuildOptions,
) {
  const generations = new ViewGenerations(stores.views);
  await generations.load();
  const rebuilder = createViewRebuilder({
    ...stores,
    generations,
    clock: () => new Date(),
    batchSize: options.batchSize,
    onError: (error, context) =>
      ctx.note(`${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  let started: RebuildProgress;
  try {
    started = options.resume ? await rebuilder.resume(options.resume) : rebuilder.start();
  } catch (error) {
    if (error instanceof RebuildNotResumable) throw new UsageError(error.message);
    throw error;
  }
  ctx.note(`generation ${generations.generation} → ${started.generation} (rebuild ${started.id})`);
  ctx.onInterrupt(() => {
    ctx.note('stopping where it is…');
    void rebuilder.stop();
    return 'stopping';
  });
  const current = () => rebuilder.progress(started.id) as Promise<RebuildProgress>;
  // the total as the rebuilder estimates it (the log's head position), known before its first page
  const bar = ctx.progress({
    unit: 'events applied',
    rateUnit: 'events',
    total: stores.store.headPosition ? await stores.store.headPosition() : 0,
    startDone: started.eventsProcessed,
  });
  const done = rebuilder.finished();
  for (let finished = false; !finished; ) {
    finished = await Promise.race([
      done.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), options.pollMs)),
    ]);
    const p = await current();
    bar.update(p.eventsProcessed, p.state === 'switching' ? 'switching to the new views' : undefined);
  }
  bar.stop();
  return current();
}

/** What a person reads at the end, and the exit code of the state the rebuild ended in. */
function ending(p: RebuildProgress, seconds: number): Outcome {
  const took = `${p.eventsProcessed} events in ${seconds.toFixed(1)} s`;
  if (p.state === 'done')
    return { code: EXIT.ok, json: p, text: [`done: generation ${p.generation} is active, ${took}`] };
  if (p.state === 'interrupted')
    return {
      code: EXIT.interrupted,
      json: p,
      text: [`interrupted after ${took}; go on with: appeals rebuild --resume ${p.id}`],
    };
  return {
    code: EXIT.failed,
    json: p,
    text: [`failed: ${p.error ?? 'unknown error'}; the views in use stay as they were`],
  };
}

async function rebuild(ctx: Context, options: RebuildOptions): Promise<Outcome> {
  const location = locate(options, ctx.env);
  const opened = await openViews(location); // first: a cluster without MONGODB_URL is refused before connecting
  try {
    const store = await openEventStore(location, { readonly: true });
    try {
      ctx.note(`${describeLocation(location)} → ${location.kind === 'postgres' ? 'MongoDB' : 'views.db'}`);
      const t0 = performance.now();
      const last = await follow(ctx, { store, views: opened.views }, options);
      return ending(last, (performance.now() - t0) / 1000);
    } finally {
      await store.close().catch(() => undefined);
    }
  } finally {
    await opened.close().catch(() => undefined);
  }
}
