import { runService } from '@appeals/service-host';
import { createIntakeService } from './intake.service';

/**
 * The intake service as its own process: `node services/intake/dist/main.js` (configuration: @appeals/service-host).
 * It consumes nothing and reads no views: PostgreSQL only (events, personal-data keys, idempotency keys).
 */
runService({
  name: 'intake',
  ports: ['store', 'commands', 'idempotency'],
  build: (deps) => createIntakeService(deps),
});
