import { runService } from '@appeals/service-host';
import { createIntakeService } from './intake.service';

/** The intake service as its own process: `node services/intake/dist/main.js` (configuration: @appeals/service-host). */
runService('intake', (deps) => createIntakeService(deps));
