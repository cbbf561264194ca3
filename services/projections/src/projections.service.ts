import type { Bus, Consumer } from '@appeals/bus';
import type { ApiRegistry } from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import { startProjector } from './projector';
import { queriesRouter } from './queries.http';

/** The projections service's composition root: builds the read views from the bus and serves queries on them. */
export function createProjectionsService(deps: {
  bus: Bus;
  views: ReadStore;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
}) {
  let consumer: Consumer | undefined;
  return {
    name: 'projections' as const,
    router: queriesRouter(deps),
    async start() {
      consumer = await startProjector(deps.bus, deps.views);
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
