import { startLinkedAppealsProcess, type AppealCommands } from '@appeals/appeal-application';
import type { CheckpointStore, EventStore, Subscription } from '@appeals/eventstore';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { Router } from 'express';
import { faqRouter } from './faq.http';
import { responseRouter } from './response.http';

export interface ResponseServiceDeps {
  commands: AppealCommands;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
  /** the log the linked appeals process tails, and where it keeps how far it read (ADR 0028) */
  store: EventStore;
  checkpoints: CheckpointStore;
  onError?: (error: unknown, context: string) => void;
}

/**
 * The response service's composition root: the agency's work and the applicant's actions, the press's FAQ commands
 * (docs/faq.md), and the linked appeals process (ADR 0028), which files the forwarded parts and complaints whose
 * request did not get to file them.
 */
export function createResponseService(deps: ResponseServiceDeps) {
  let linked: Subscription | undefined;
  const router = Router();
  router.use(responseRouter({ ...deps, service: 'response' }));
  router.use(faqRouter(deps));
  return {
    name: 'response' as const,
    router,
    /** the linked appeals process, once started: `caughtUp()` resolves when every link so far is complete */
    linkedAppeals: () => linked,
    async start() {
      linked = startLinkedAppealsProcess({
        store: deps.store,
        checkpoints: deps.checkpoints,
        commands: deps.commands,
        service: 'response',
        ...(deps.onError ? { onError: deps.onError } : {}),
      });
    },
    async stop() {
      await linked?.stop();
    },
  };
}
