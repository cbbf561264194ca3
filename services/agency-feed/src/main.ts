import { runService } from '@appeals/service-host';
import { createAgencyFeedService } from './agencyFeed.service';

/** The agency feed as its own process: `node services/agency-feed/dist/main.js` (configuration: @appeals/service-host). */
runService({
  name: 'agency-feed',
  ports: ['store', 'bus'],
  build: (deps) => createAgencyFeedService(deps),
});
