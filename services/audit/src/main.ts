import { runService } from '@appeals/service-host';
import { createAuditService } from './audit.service';

/** The audit service as its own process: `node services/audit/dist/main.js` (configuration: @appeals/service-host). */
runService('audit', (deps) => createAuditService(deps));
