import { createDuplicateFinder, type AppealCommands, type Jurisdictions } from '@appeals/appeal-application';
import type { EventStore } from '@appeals/eventstore';
import type { ApiRegistry, IdempotencyStore } from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import { OPEN311_DEFAULTS, open311ApiKeys, type Open311Settings } from '@appeals/appeal-http';
import { Router } from 'express';
import { watchCalendarCoverage, type WarningLogger } from './calendarCoverage';
import { calendarsRouter } from './calendars.http';
import { catalogRouter } from './catalog.http';
import { eraseApplicantRouter } from './eraseApplicant.http';
import { open311IntakeRouter } from './open311.http';
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
  /** where the duplicate index is kept (docs/duplicates.md) */
  views: ReadStore;
  onError?: ((error: unknown, context: string) => void) | undefined;
  /** where the warning that the profile's calendars run out goes (calendarCoverage.ts); none: not watched */
  logger?: WarningLogger | undefined;
  /** the Open311 edge's api keys and defaults (env: loadOpen311Settings); none: no key, so no Open311 filing */
  open311?: Open311Settings | undefined;
}

/**
 * The intake service's composition root: filing and registration (sealing personal data), the catalog, calendars,
 * and the erasure of an applicant's personal data. Consumes nothing; keeps the duplicate index in the read store.
 */
export function createIntakeService(deps: IntakeServiceDeps) {
  const duplicates = createDuplicateFinder({ views: deps.views, vault: deps.commands.vault });
  const router = Router();
  router.use(catalogRouter(deps));
  router.use(calendarsRouter(deps));
  router.use(submitAppealRouter({ ...deps, duplicates }));
  router.use(eraseApplicantRouter({ ...deps, vault: deps.commands.vault, duplicates }));
  const open311 = deps.open311 ?? { ...OPEN311_DEFAULTS, apiKeys: open311ApiKeys(undefined) };
  const open311Router = open311IntakeRouter({ ...deps, duplicates, open311 });
  let stopWatch = () => undefined as void;
  return {
    name: 'intake' as const,
    router,
    /** the Open311 GeoReport v2 routes, mounted at /open311/v2 (services list, filing) */
    open311Router,
    async start() {
      await duplicates.ensureIndexes();
      const { logger } = deps;
      if (logger) stopWatch = watchCalendarCoverage({ ...deps, logger });
    },
    stop: async () => stopWatch(),
  };
}
