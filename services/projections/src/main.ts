import { runService } from '@appeals/service-host';
import { createProjectionsService } from './projections.service';

/**
 * A reader waiting for a view re-reads it this often: the projections process may run as several replicas sharing
 * the consumer group, so the write it waits for may happen in another process that cannot tell it.
 */
const VIEW_RECHECK_MS = 50;

/** The projections service as its own process: `node services/projections/dist/main.js` (configuration: @appeals/service-host). */
runService('projections', (deps) => createProjectionsService({ ...deps, viewRecheckMs: VIEW_RECHECK_MS }));
