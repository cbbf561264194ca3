import { keyStoreContract } from './contract';
import { createInMemoryKeyStore } from './inMemoryKeyStore';

keyStoreContract('in-memory', async () => createInMemoryKeyStore());
