import { createInMemoryChainStore } from '@appeals/chain';
import { eventStoreContract } from '@appeals/eventstore/contract';
import { createKurrentEventStore } from './kurrentEventStore';
import { kurrentServer } from './kurrentServer';

const server = kurrentServer();

server.describe('KurrentDB event store (shared contract)', () => {
  eventStoreContract('kurrentdb', async () => {
    const store = createKurrentEventStore({ connectionString: server.url });
    // KurrentDB has no table for the global chain: the contract seals its log into a chain store in memory.
    return { store, checkpoints: store.checkpoints, chain: createInMemoryChainStore() };
  });
});
