import { runService } from '@appeals/service-host';
import { createResponseService } from './response.service';

/**
 * The response service as its own process: `node services/response/dist/main.js` (configuration:
 * @appeals/service-host). It runs commands and the linked appeals process over the log (ADR 0028), the latter on
 * one replica at a time (the `leadership` lock): PostgreSQL only, no bus, no views.
 */
runService({
  name: 'response',
  ports: ['store', 'checkpoints', 'commands', 'idempotency', 'leadership'],
  build: (deps) => createResponseService(deps),
});
