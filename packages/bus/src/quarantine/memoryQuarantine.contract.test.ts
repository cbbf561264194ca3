import { quarantineContract } from './contract';
import { createInMemoryQuarantine } from './memory';

quarantineContract('in-memory', async () => ({ quarantine: createInMemoryQuarantine() }));
