import { busContract } from './contract';
import { createInProcessBus } from './inProcessBus';

busContract('in-process', async () => ({ bus: createInProcessBus({ retryBackoffMs: [10, 20] }) }));
