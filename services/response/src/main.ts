import { runService } from '@appeals/service-host';
import { createResponseService } from './response.service';

/**
 * The response service as its own process: `node services/response/dist/main.js` (configuration:
 * @appeals/service-host). It runs commands only: PostgreSQL, no bus, no views.
 */
runService({
  name: 'response',
  ports: ['commands', 'idempotency'],
  build: (deps) => createResponseService(deps),
});
