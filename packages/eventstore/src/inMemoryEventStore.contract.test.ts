import { eventStoreContract } from './contract';
import { createInMemoryChainStore } from '@appeals/chain';
import { createInMemoryCheckpointStore, createInMemoryEventStore } from './inMemoryEventStore';

eventStoreContract('in-memory', async () => ({
  store: createInMemoryEventStore(),
  checkpoints: createInMemoryCheckpointStore(),
  chain: createInMemoryChainStore(),
}));
