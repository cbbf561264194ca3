import { eventStoreContract } from '@appeals/eventstore/contract';
import { createKurrentEventStore } from './kurrentEventStore';
import { kurrentServer } from './kurrentServer';

const server = kurrentServer();

server.describe('KurrentDB event store (shared contract)', () => {
  eventStoreContract('kurrentdb', async () => {
    const store = createKurrentEventStore({ connectionString: server.url });
    return { store, checkpoints: store.checkpoints };
  });
});
