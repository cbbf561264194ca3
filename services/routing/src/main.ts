import { runService } from '@appeals/service-host';
import { createRoutingService } from './routing.service';

/** The routing service as its own process: `node services/routing/dist/main.js` (configuration: @appeals/service-host). */
runService({
  name: 'routing',
  ports: ['bus', 'commands', 'idempotency'],
  build: (deps) => createRoutingService(deps),
});
