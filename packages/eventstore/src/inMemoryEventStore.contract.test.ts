import { eventStoreContract } from './contract';
import { createInMemoryCheckpointStore, createInMemoryEventStore } from './inMemoryEventStore';

eventStoreContract('in-memory', async () => ({
  store: createInMemoryEventStore(),
  checkpoints: createInMemoryCheckpointStore(),
}));
