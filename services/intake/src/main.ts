import { runService } from '@appeals/service-host';
import { loadOpen311Settings } from './env';
import { createIntakeService } from './intake.service';

/**
 * The intake service as its own process: `node services/intake/dist/main.js` (configuration: @appeals/service-host).
 * It consumes nothing: PostgreSQL (events, personal-data keys, idempotency keys) and the read store, where it keeps
 * the duplicate index (docs/duplicates.md).
 */
runService({
  name: 'intake',
  ports: ['store', 'commands', 'idempotency', 'views'],
  build: (deps) => createIntakeService({ ...deps, open311: loadOpen311Settings() }),
});
