import { runService } from '@appeals/service-host';
import { createAgencyFeedService } from './agencyFeed.service';

/** The agency feed as its own process: `node services/agency-feed/dist/main.js` (configuration: @appeals/service-host). */
runService('agency-feed', (deps) => createAgencyFeedService(deps));
