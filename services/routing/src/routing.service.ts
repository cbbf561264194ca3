import type { AppealCommands } from '@appeals/appeal-application';
import type { Bus, Consumer } from '@appeals/bus';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { startRoutingConsumer } from './router.consumer';
import { routingRouter } from './routing.http';

export interface RoutingServiceDeps {
  bus: Bus;
  commands: AppealCommands;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
  /** told when a forwarded part could not be filed at once (the linked appeals process files it) */
  onError?: (error: unknown, context: string) => void;
}

/** The routing service's composition root: routes registered appeals by rules (consumer) and serves staff routing. */
export function createRoutingService(deps: RoutingServiceDeps) {
  let consumer: Consumer | undefined;
  return {
    name: 'routing' as const,
    router: routingRouter({ ...deps, service: 'routing' }),
    async start() {
      consumer = await startRoutingConsumer(deps);
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
