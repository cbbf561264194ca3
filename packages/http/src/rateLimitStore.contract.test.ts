import { MemoryStore } from 'express-rate-limit';
import { initialised, rateLimitStoreContract } from './rateLimitContract';

// the default store: the counts of one process
rateLimitStoreContract('memory (express-rate-limit MemoryStore)', () => ({
  open: (windowMs) => initialised(new MemoryStore(), windowMs),
}));
