import { runService } from '@appeals/service-host';
import { createProjectionsService } from './projections.service';

/** The projections service as its own process: `node services/projections/dist/main.js` (configuration: @appeals/service-host). */
runService('projections', (deps) => createProjectionsService(deps));
