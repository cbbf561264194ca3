import { runService } from '@appeals/service-host';
import { loadProjectionsEnv } from './env';
import { createProjectionsService } from './projections.service';

const { VIEW_RECHECK_MS, OPEN311_LANGUAGE, SURGE_WATCH_MS } = loadProjectionsEnv();

/** The projections service as its own process: `node services/projections/dist/main.js` (configuration: @appeals/service-host, ./env.ts). */
runService({
  name: 'projections',
  ports: ['store', 'bus', 'views', 'vault', 'idempotency'],
  build: (deps) =>
    createProjectionsService({
      ...deps,
      ...(VIEW_RECHECK_MS === undefined ? {} : { viewRecheckMs: VIEW_RECHECK_MS }),
      ...(OPEN311_LANGUAGE === undefined ? {} : { open311Language: OPEN311_LANGUAGE }),
      ...(SURGE_WATCH_MS === undefined ? {} : { surgeWatchMs: SURGE_WATCH_MS }),
    }),
});
