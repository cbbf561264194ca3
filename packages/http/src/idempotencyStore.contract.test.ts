import { createInMemoryIdempotencyStore } from './idempotency';
import { idempotencyStoreContract } from './idempotencyContract';

// the embedded default: the answers and plans of one process
idempotencyStoreContract('memory', () => ({
  open: async ({ ttlMs, now }) => createInMemoryIdempotencyStore({ ttlMs, now }),
  localKeys: true,
}));
