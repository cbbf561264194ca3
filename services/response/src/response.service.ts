import { startLinkedAppealsProcess, type AppealCommands } from '@appeals/appeal-application';
import type { CheckpointStore, EventStore, Subscription } from '@appeals/eventstore';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import type { LeaderElection, Leadership } from '@appeals/service-host';
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
  /** replicas run the linked appeals process one at a time (cluster); without it, this instance runs it (embedded) */
  leadership?: Leadership;
  onError?: (error: unknown, context: string) => void;
}

/**
 * The response service's composition root: the agency's work and the applicant's actions, the press's FAQ commands
 * (docs/faq.md), and the linked appeals process (ADR 0028), which files the forwarded parts and complaints whose
 * request did not get to file them.
 */
export function createResponseService(deps: ResponseServiceDeps) {
  let linked: Subscription | undefined;
  let election: LeaderElection | undefined;
  const router = Router();
  router.use(responseRouter({ ...deps, service: 'response' }));
  router.use(faqRouter(deps));
  return {
    name: 'response' as const,
    router,
    /** the linked appeals process while this instance runs it: `caughtUp()` resolves when every link so far is complete */
    linkedAppeals: () => linked,
    /** whether this instance runs the linked appeals process (`leader`) or stands by (`standby`) */
    linkedAppealsRole: () => (election ? election.role() : linked ? 'leader' : 'stopped'),
    async start() {
      const run = () => {
        const process = startLinkedAppealsProcess({
          store: deps.store,
          checkpoints: deps.checkpoints,
          commands: deps.commands,
          service: 'response',
          ...(deps.onError ? { onError: deps.onError } : {}),
        });
        linked = process;
        return {
          stop: async () => {
            linked = undefined;
            await process.stop();
          },
        };
      };
      if (deps.leadership) election = deps.leadership.lead('linked-appeals', run);
      else run();
    },
    async stop() {
      if (election) await election.stop();
      else await linked?.stop();
      linked = undefined;
    },
  };
}
