import { runService } from '@appeals/service-host';
import { createResponseService } from './response.service';

/** The response service as its own process: `node services/response/dist/main.js` (configuration: @appeals/service-host). */
runService('response', (deps) => createResponseService(deps));
