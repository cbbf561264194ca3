import type { Options, Store } from 'express-rate-limit';

/**
 * How the contract opens a store: `open(windowMs)` gives a store initialised with that window; a second `open` on
 * the same backing (another replica) shares its counts unless the store says its keys are local (`localKeys`).
 */
export interface RateLimitStoreFactory {
  open(windowMs: number): Promise<Store>;
  teardown?(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keys = 0;
/** A key no other case of this run touches. */
const freshKey = (name: string) => `contract:${name}:${process.pid}:${Date.now()}:${++keys}`;

/** Opens a store the way express-rate-limit does: `init` with the middleware's options. */
export async function initialised(store: Store, windowMs: number): Promise<Store> {
  await store.init?.({ windowMs } as Options);
  return store;
}

/**
 * The rate-limit store contract (express-rate-limit's `Store`, fixed windows): every store the HTTP edge can count
 * in passes it — the process's memory and PostgreSQL, shared by replicas.
 */
export function rateLimitStoreContract(name: string, factory: () => RateLimitStoreFactory): void {
  describe(`rate-limit store contract: ${name}`, () => {
    let stores: RateLimitStoreFactory;
    const opened: Store[] = [];
    const open = async (windowMs = 60_000) => {
      const store = await stores.open(windowMs);
      opened.push(store);
      return store;
    };
    beforeEach(() => {
      stores = factory();
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.shutdown?.();
      await stores.teardown?.();
    });

    it('counts the hits of each key from one, apart from the other keys, with the end of its window', async () => {
      const store = await open();
      const [a, b] = [freshKey('a'), freshKey('b')];
      const before = Date.now();
      expect((await store.increment(a)).totalHits).toBe(1);
      expect((await store.increment(a)).totalHits).toBe(2);
      const first = await store.increment(b);
      expect(first.totalHits).toBe(1);
      expect(first.resetTime!.getTime()).toBeGreaterThan(before);
      expect(first.resetTime!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000 + 1_000);
    });

    it('starts a key over once its window has passed', async () => {
      const store = await open(400);
      const key = freshKey('window');
      await store.increment(key);
      await store.increment(key);
      await sleep(600);
      expect((await store.increment(key)).totalHits).toBe(1);
    });

    it('takes a hit back on decrement and starts over on resetKey', async () => {
      const store = await open();
      const key = freshKey('undo');
      await store.increment(key);
      await store.increment(key);
      await store.decrement(key);
      expect((await store.increment(key)).totalHits).toBe(2);
      await store.resetKey(key);
      expect((await store.increment(key)).totalHits).toBe(1);
    });

    it('loses no hit when many requests of one client arrive at once', async () => {
      const store = await open();
      const key = freshKey('burst');
      await Promise.all(Array.from({ length: 40 }, () => store.increment(key)));
      expect((await store.increment(key)).totalHits).toBe(41);
    });

    it('counts the hits every replica sees together (unless its keys are local to the process)', async () => {
      const [one, other] = [await open(), await open()];
      const key = freshKey('replicas');
      await one.increment(key);
      await other.increment(key);
      const third = await one.increment(key);
      expect(third.totalHits).toBe(one.localKeys ? 2 : 3);
    });
  });
}
