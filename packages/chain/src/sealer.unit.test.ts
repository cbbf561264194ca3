import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createInMemoryChainStore } from './inMemoryChainStore';
import { ChainConflictError, type ChainStore } from './port';
import { checkpointSignatureValid, createCheckpointSigner, generateSigningKey, readPublicKey } from './keys';
import { createChainSealer } from './sealer';
import { createTestLog } from './testLog';

const append = async (store: ReturnType<typeof createTestLog>, n: number) => {
  for (let i = 0; i < n; i++) store.append(`s-${randomUUID()}`);
};

describe('chain sealer', () => {
  const key = generateSigningKey();
  const signer = createCheckpointSigner(key.privateKeyPem);

  it('signs every N sealed events, and once caught up when N was reached', async () => {
    const store = createTestLog();
    const chain = createInMemoryChainStore();
    await append(store, 7);
    await createChainSealer({ store, chain, signer, batchSize: 2, checkpointEveryEvents: 3 }).sealNow();
    expect((await chain.checkpoints()).map((c) => c.seq)).toEqual([4, 7]);
    for (const c of await chain.checkpoints())
      expect(checkpointSignatureValid(c, signer.publicKey)).toBe(true);
  });

  it('signs the first head at once, then again when the interval passed and something new was sealed', async () => {
    const store = createTestLog();
    const chain = createInMemoryChainStore();
    let now = Date.parse('2026-03-02T10:00:00Z');
    const sealer = createChainSealer({
      store,
      chain,
      signer,
      checkpointIntervalMs: 60_000,
      clock: () => new Date(now),
    });
    await append(store, 1);
    await sealer.sealNow();
    await append(store, 1);
    await sealer.sealNow();
    expect((await chain.checkpoints()).map((c) => c.seq)).toEqual([1]);
    now += 61_000;
    await sealer.sealNow();
    expect((await chain.checkpoints()).map((c) => [c.seq, c.signedAt])).toEqual([
      [1, '2026-03-02T10:00:00.000Z'],
      [2, '2026-03-02T10:01:01.000Z'],
    ]);
  });

  it('extends the chain without signing when it has no key', async () => {
    const store = createTestLog();
    const chain = createInMemoryChainStore();
    await append(store, 3);
    expect(await createChainSealer({ store, chain }).sealNow({ checkpoint: true })).toBe(3);
    expect(await chain.checkpoints()).toEqual([]);
    expect((await chain.head())?.seq).toBe(3);
  });

  it('reports an event that no longer matches its hash once, however often it polls', async () => {
    const store = createTestLog();
    await append(store, 2);
    const altered = {
      ...store,
      readAll: async (o: Parameters<typeof store.readAll>[0]) =>
        (await store.readAll(o)).map((e) => (e.globalPosition === 2 ? { ...e, type: 'Other' } : e)),
    };
    const errors: unknown[] = [];
    const chain = createInMemoryChainStore();
    const sealer = createChainSealer({
      store: altered,
      chain,
      pollIntervalMs: 5,
      onError: (e) => errors.push(e),
    });
    sealer.start();
    await new Promise((r) => setTimeout(r, 100));
    await sealer.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/global position 2\) does not match its hash; not sealed/);
    expect((await chain.head())?.seq).toBe(1); // what came before it is sealed, it is not
  });

  it('reports a failed run once, however many polls waited on it', async () => {
    const store = createTestLog();
    await append(store, 2);
    const real = createInMemoryChainStore();
    let calls = 0;
    const slowThenBroken: ChainStore = {
      ...real,
      extend: async (links, checkpoint) => {
        calls += 1;
        if (calls > 1) return real.extend(links, checkpoint);
        await new Promise((r) => setTimeout(r, 60)); // polls every 5 ms meanwhile, each joining this run
        throw new Error('the chain store is full');
      },
    };
    const errors: unknown[] = [];
    const sealer = createChainSealer({
      store,
      chain: slowThenBroken,
      pollIntervalMs: 5,
      onError: (e) => errors.push(e),
    });
    sealer.start();
    await new Promise((r) => setTimeout(r, 150));
    await sealer.stop();
    expect(errors.map(String)).toEqual(['Error: the chain store is full']);
    expect((await real.head())?.seq).toBe(2); // a later run sealed it
  });

  it('retries a lost race, and gives up a run (reporting why) when it loses every time', async () => {
    const store = createTestLog();
    await append(store, 2);
    let lost = 0;
    const losing = (times: number, real = createInMemoryChainStore()): ChainStore => ({
      ...real,
      extend: async (links, checkpoint) => {
        if (lost < times) {
          lost += 1;
          throw new ChainConflictError(links[0]?.seq ?? 0, 'the chain has moved');
        }
        return real.extend(links, checkpoint);
      },
    });
    expect(await createChainSealer({ store, chain: losing(3) }).sealNow()).toBe(2);
    expect(lost).toBe(3);

    jest.useFakeTimers();
    try {
      lost = 0;
      const run = createChainSealer({ store, chain: losing(Infinity) }).sealNow();
      const outcome = expect(run).rejects.toThrow(/65 conflicts in a row.*the chain has moved/);
      await jest.runAllTimersAsync();
      await outcome;
      expect(lost).toBe(65);
    } finally {
      jest.useRealTimers();
    }
  });

  it('follows appends once started, and stops', async () => {
    const store = createTestLog();
    const chain = createInMemoryChainStore();
    const sealer = createChainSealer({ store, chain, pollIntervalMs: 10_000 });
    sealer.start();
    await append(store, 2);
    for (let i = 0; i < 100 && (await chain.head())?.seq !== 2; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect((await chain.head())?.seq).toBe(2);
    await sealer.stop();
  });
  it('seals a burst of appends in one step once its wake-up delay has passed', async () => {
    const store = createTestLog();
    const chain = createInMemoryChainStore();
    let extensions = 0;
    const counting = {
      ...chain,
      extend: (...args: Parameters<typeof chain.extend>) => (extensions++, chain.extend(...args)),
    };
    const sealer = createChainSealer({ store, chain: counting, pollIntervalMs: 10_000, wakeDelayMs: 150 });
    sealer.start();
    await new Promise((r) => setTimeout(r, 20)); // the look at the start (nothing to seal)
    await append(store, 5);
    await new Promise((r) => setTimeout(r, 50));
    expect(await chain.head()).toBeUndefined();
    for (let i = 0; i < 100 && (await chain.head())?.seq !== 5; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await chain.head())?.seq).toBe(5);
    expect(extensions).toBe(1);
    await sealer.stop();
  });
});

describe('signing keys', () => {
  it('reads a key as PEM or as base64 of it, and names it by the hash of its public half', () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey();
    const a = createCheckpointSigner(privateKeyPem);
    const b = createCheckpointSigner(Buffer.from(privateKeyPem).toString('base64'));
    expect(b.keyId).toBe(a.keyId);
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    const signed = a.sign({ seq: 1, chainHash: 'a'.repeat(64), signedAt: '2026-03-02T10:00:00.000Z' });
    expect(checkpointSignatureValid(signed, readPublicKey(publicKeyPem))).toBe(true);
    expect(checkpointSignatureValid({ ...signed, seq: 2 }, readPublicKey(publicKeyPem))).toBe(false);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => createCheckpointSigner(rsa.toString())).toThrow(/Ed25519/);
  });
});
