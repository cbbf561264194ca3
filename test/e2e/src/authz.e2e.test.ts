import { startSystem, type TestSystem } from './client';
import { authorizationMatrix } from './authz.scenarios';

// The authorization matrix on the embedded default (one process, SQLite, in-process bus).

let t: TestSystem;
beforeAll(async () => {
  t = await startSystem();
});
afterAll(async () => {
  await t.stop();
});

authorizationMatrix('the embedded system', () => t);
