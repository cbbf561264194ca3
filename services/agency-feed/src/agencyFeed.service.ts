import type { Bus, Consumer } from '@appeals/bus';
import type { EventStore } from '@appeals/eventstore';
import { Router } from 'express';
import { startAgencyFeed } from './agencyFeed';

/** The agency feed's composition root: no routes, one consumer (group `agency-feed`). */
export function createAgencyFeedService(deps: { store: EventStore; bus: Bus }) {
  let consumer: Consumer | undefined;
  return {
    name: 'agency-feed' as const,
    router: Router(),
    async start() {
      consumer = await startAgencyFeed(deps);
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
