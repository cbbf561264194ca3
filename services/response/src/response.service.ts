import type { AppealCommands } from '@appeals/appeal-application';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { responseRouter } from './response.http';

/** The response service's composition root: the agency's work and the applicant's actions. Consumes nothing yet. */
export function createResponseService(deps: {
  commands: AppealCommands;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
}) {
  return {
    name: 'response' as const,
    router: responseRouter({ ...deps, service: 'response' }),
    start: async () => undefined,
    stop: async () => undefined,
  };
}
