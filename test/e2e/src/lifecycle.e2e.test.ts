import { startSystem, type TestSystem } from './client';
import { lifecycleScenarios } from './lifecycle.scenarios';

// The lifecycle scenarios on the embedded default (one process, SQLite, in-process bus).

let t: TestSystem;
beforeAll(async () => {
  t = await startSystem();
});
afterAll(async () => {
  await t.stop();
});

lifecycleScenarios('the embedded system', () => t);
