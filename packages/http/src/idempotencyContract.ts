import type { IdempotencyStore, StoredResponse } from './idempotency';

/**
 * How the contract opens a store: `open({ ttlMs, now })` gives a store with that time to live and clock; a second
 * `open` on the same backing is another replica and shares its keys unless `localKeys` says they are per process.
 */
export interface IdempotencyStoreFactory {
  open(options: { ttlMs: number; now: () => number }): Promise<IdempotencyStore>;
  localKeys?: boolean;
  teardown?(): Promise<void>;
}

let keys = 0;
/** A key no other case of this run touches. */
const freshKey = (name: string) => `contract:${name}:${process.pid}:${Date.now()}:${++keys}`;

const answer = (id: string): StoredResponse => ({
  status: 201,
  body: { id, nested: { list: [1, 'two', null] } },
  requestHash: `hash-${id}`,
  headers: { location: `/api/v1/appeals/${id}` },
});

/**
 * The idempotency store contract: every store that keeps first answers and first attempts' plans passes it — the
 * process's memory, and PostgreSQL shared by replicas.
 */
export function idempotencyStoreContract(name: string, factory: () => IdempotencyStoreFactory): void {
  describe(`idempotency store contract: ${name}`, () => {
    let stores: IdempotencyStoreFactory;
    let clock = Date.now();
    const open = () => stores.open({ ttlMs: 60_000, now: () => clock });
    beforeEach(() => {
      stores = factory();
      clock = Date.now();
    });
    afterEach(async () => {
      await stores.teardown?.();
    });

    it('answers nothing for a key never seen', async () => {
      expect(await (await open()).get(freshKey('unseen'))).toBeUndefined();
    });

    it('keeps a first answer as it was given', async () => {
      const store = await open();
      const key = freshKey('put');
      await store.put(key, answer('a'));
      expect(await store.get(key)).toEqual(answer('a'));
    });

    it("keeps the first attempt's plan: a later claim answers it, not its own", async () => {
      const store = await open();
      const key = freshKey('claim');
      expect(await store.claim(key, { appealId: 'first', code: 'K1' })).toEqual({
        appealId: 'first',
        code: 'K1',
      });
      expect(await store.claim(key, { appealId: 'second', code: 'K2' })).toEqual({
        appealId: 'first',
        code: 'K1',
      });
    });

    it('gives racing claims one plan', async () => {
      const store = await open();
      const key = freshKey('race');
      const plans = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claim(key, { n: i })));
      expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBe(1);
    });

    it('answers no first answer for a plan alone, and keeps the plan once the answer is kept', async () => {
      const store = await open();
      const key = freshKey('plan-then-answer');
      await store.claim(key, { appealId: 'a' });
      expect(await store.get(key)).toBeUndefined();
      await store.put(key, answer('a'));
      expect(await store.get(key)).toEqual(answer('a'));
      expect(await store.claim(key, { appealId: 'b' })).toEqual({ appealId: 'a' });
    });

    it('forgets answers and plans after their time to live', async () => {
      const store = await open();
      const key = freshKey('ttl');
      await store.claim(key, { appealId: 'old' });
      await store.put(key, answer('old'));
      clock += 60_001;
      expect(await store.get(key)).toBeUndefined();
      expect(await store.claim(key, { appealId: 'new' })).toEqual({ appealId: 'new' });
      expect(await store.get(key)).toBeUndefined();
    });

    it('shares answers and plans between replicas on the same backing', async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey('replicas');
      await one.claim(key, { appealId: 'from-one' });
      await one.put(key, answer('from-one'));
      if (stores.localKeys) {
        expect(await two.get(key)).toBeUndefined();
        return;
      }
      expect(await two.claim(key, { appealId: 'from-two' })).toEqual({ appealId: 'from-one' });
      expect(await two.get(key)).toEqual(answer('from-one'));
    });
  });
}
