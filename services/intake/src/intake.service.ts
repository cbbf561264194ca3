import type { AppealCommands, Jurisdictions } from '@appeals/appeal-application';
import type { EventStore } from '@appeals/eventstore';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import { Router } from 'express';
import { calendarsRouter } from './calendars.http';
import { catalogRouter } from './catalog.http';
import { eraseApplicantRouter } from './eraseApplicant.http';
import { submitAppealRouter } from './submitAppeal.http';

export interface IntakeServiceDeps {
  store: EventStore;
  commands: AppealCommands;
  jurisdictions: Jurisdictions;
  /** jurisdiction profile of new appeals */
  profileId: string;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
}

/**
 * The intake service's composition root: filing and registration (sealing personal data), the catalog, calendars,
 * and the erasure of an applicant's personal data. Consumes nothing.
 */
export function createIntakeService(deps: IntakeServiceDeps) {
  const router = Router();
  router.use(catalogRouter(deps));
  router.use(calendarsRouter(deps));
  router.use(submitAppealRouter(deps));
  router.use(eraseApplicantRouter({ ...deps, vault: deps.commands.vault }));
  return { name: 'intake' as const, router, start: async () => undefined, stop: async () => undefined };
}
