import { readStoreContract } from './contract';
import { createInMemoryReadStore } from './inMemoryReadStore';

readStoreContract('in-memory', async () => ({ store: createInMemoryReadStore() }));
