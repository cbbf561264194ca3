import { createInProcessBus } from '../inProcessBus';
import { quarantiningBusContract } from './busContract';
import { createInMemoryQuarantine } from './memory';

quarantiningBusContract('in-process', async () => {
  const quarantine = createInMemoryQuarantine();
  return { bus: createInProcessBus({ retryBackoffMs: [10, 20], quarantine }), quarantine };
});
