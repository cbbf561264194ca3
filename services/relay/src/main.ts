import { runRelay } from './relay.service';

/** The relay as its own process: `node services/relay/dist/main.js` (run two: one leads, one stands by). */
runRelay();
