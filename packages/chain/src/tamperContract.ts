/// <reference types="jest" />
import { randomUUID } from 'node:crypto';
import { linkHash } from './globalChain';
import { createCheckpointSigner, generateSigningKey } from './keys';
import type { ChainEvent, ChainLog, ChainStore } from './port';
import { createChainSealer } from './sealer';
import { untilReadable } from './untilReadable';
import { canonicalJson } from './canonicalJson';
import { eventHash } from './streamChain';
import { verifyStreamHistory } from './verify';
import { verifyLog } from './verifyLog';

type StoredEvent = ChainEvent;

/** The log under test: what the chain reads, and the append (as the EventStore port has it) that fills it. */
export interface TamperLog extends ChainLog {
  append(
    streamId: string,
    events: { id: string; type: string; data: unknown; metadata?: Record<string, unknown>; time?: string }[],
    options: { expectedVersion: number | 'no_stream' },
  ): Promise<{ events: ChainEvent[] }>;
}

/**
 * What an attacker with write access to the database can do, as each adapter's raw SQL does it: the tamper
 * suite alters stored rows behind the store's back and expects every verifier to notice.
 */
export interface RawRows {
  setData(eventId: string, data: unknown): Promise<void>;
  setType(eventId: string, type: string): Promise<void>;
  setTime(eventId: string, time: string): Promise<void>;
  setHashes(eventId: string, prevStreamHash: string | null, hash: string): Promise<void>;
  deleteEvent(eventId: string): Promise<void>;
  /** two events of one stream trade places */
  swapStreamPositions(eventIdA: string, eventIdB: string): Promise<void>;
  /** two events trade places in the global log (the order readAll hands them out) */
  swapGlobalOrder(eventIdA: string, eventIdB: string): Promise<void>;
  setLinkHashes(seq: number, eventHash: string, chainHash: string): Promise<void>;
  setCheckpointSignature(seq: number, signature: string): Promise<void>;
}

export interface TamperContext {
  store: TamperLog;
  chain: ChainStore;
  raw: RawRows;
  teardown: () => Promise<void>;
}

const append = (store: TamperLog, streamId: string, n: number, expectedVersion: number | 'no_stream') =>
  store.append(
    streamId,
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      type: 'ThingHappened',
      data: { n: i, text: 'Жалоба на бездействие' },
      metadata: { actor: { id: 'u-1', role: 'head', agencyId: 'a-1' }, service: 'response' },
      time: `2026-03-0${i + 1}T10:00:00+05:00`,
    })),
    { expectedVersion },
  );

/**
 * Tampering with stored rows is detected and the first bad event is named: by the whole-log verifier (global
 * position) and by the stream verifier (stream position). Each test starts from an empty store given by
 * `factory`: streams A (3 events), B (2), A again (1), all sealed and signed.
 */
export function tamperContract(name: string, factory: () => Promise<TamperContext>): void {
  describe(`tamper evidence: ${name}`, () => {
    const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);
    const keys = [signer.publicKey];
    let ctx: TamperContext;
    let a: StoredEvent[];
    let b: StoredEvent[];
    const streamA = `appeal-${randomUUID()}`;
    const streamB = `appeal-${randomUUID()}`;

    beforeEach(async () => {
      ctx = await factory();
      a = (await append(ctx.store, streamA, 3, 'no_stream')).events;
      b = (await append(ctx.store, streamB, 2, 'no_stream')).events;
      a.push(...(await append(ctx.store, streamA, 1, 2)).events);
      await untilReadable(ctx.store, a); // the last append; another suite's transaction may hold the log back a moment
      await createChainSealer({ store: ctx.store, chain: ctx.chain, signer }).sealNow({ checkpoint: true });
    });
    afterEach(async () => ctx.teardown());

    const at = (events: StoredEvent[], i: number) => events[i] as StoredEvent;
    const log = () => verifyLog({ store: ctx.store, chain: ctx.chain, publicKeys: keys });
    const stream = (id: string) => verifyStreamHistory(ctx.store, ctx.chain, id);
    const expectLogBad = async (event: StoredEvent, reason: RegExp) => {
      const report = await log();
      expect(report.ok).toBe(false);
      expect(report.firstBad).toMatchObject({ position: event.globalPosition, eventId: event.id });
      expect(report.firstBad?.reason).toMatch(reason);
    };
    const expectStreamBad = async (event: StoredEvent, reason: RegExp) => {
      const report = await stream(event.streamId);
      expect(report?.ok).toBe(false);
      expect(report?.firstBad).toMatchObject({ position: event.streamPosition, eventId: event.id });
      expect(report?.firstBad?.reason).toMatch(reason);
    };

    it('verifies the untouched history', async () => {
      expect(await log()).toMatchObject({ ok: true, events: 6, sealed: 6, unsealed: 0, checkpoints: 1 });
      expect(await stream(streamA)).toEqual({ ok: true, events: 4, sealed: 4 });
    });

    it.each([
      ['data', (raw: RawRows, e: StoredEvent) => raw.setData(e.id, { n: 99, text: 'Жалоба отозвана' })],
      ['type', (raw: RawRows, e: StoredEvent) => raw.setType(e.id, 'AppealWithdrawn')],
      ['time', (raw: RawRows, e: StoredEvent) => raw.setTime(e.id, '2026-02-01T10:00:00+05:00')],
    ])('detects altered %s and names the event', async (_what, alter) => {
      await alter(ctx.raw, at(a, 1));
      await expectLogBad(at(a, 1), /content does not match its hash/);
      await expectStreamBad(at(a, 1), /content does not match its hash/);
    });

    it('detects a deleted event in the middle of a stream', async () => {
      await ctx.raw.deleteEvent(at(a, 1).id);
      await expectLogBad(at(a, 1), /deleted/);
      await expectStreamBad(at(a, 2), /missing \(deleted\)/);
    });

    it('detects a deleted last event (the head of the log) once sealed', async () => {
      await ctx.raw.deleteEvent(at(a, 3).id);
      await expectLogBad(at(a, 3), /missing from the log/);
      await expectStreamBad(at(a, 3), /sealed event is missing/);
    });

    it('detects two events of a stream swapped', async () => {
      await ctx.raw.swapStreamPositions(at(a, 0).id, at(a, 1).id);
      const report = await stream(streamA);
      expect(report?.firstBad).toMatchObject({ position: 0, eventId: at(a, 1).id });
      const whole = await log();
      expect(whole.ok).toBe(false);
      expect(whole.firstBad?.eventId).toBe(at(a, 0).id);
    });

    it('detects two events swapped in the global order', async () => {
      await ctx.raw.swapGlobalOrder(at(a, 2).id, at(b, 0).id);
      const report = await log();
      expect(report.ok).toBe(false);
      expect(report.firstBad?.eventId).toBe(at(a, 2).id);
      expect(report.firstBad?.reason).toMatch(/sealed at chain link|global position/);
    });

    it('detects an event rewritten with its stream chain recomputed, through the global chain', async () => {
      // The attacker rewrites A1 and re-hashes A1..A3 so the stream chain is consistent again.
      const events = await ctx.store.readStream(streamA);
      let prev = at(events, 0).hash;
      for (const e of events.slice(1)) {
        const data = e.streamPosition === 1 ? { n: 99, text: 'Жалоба отозвана' } : e.data;
        const hash = eventHash({ ...e, data, prevStreamHash: prev });
        if (e.streamPosition === 1) await ctx.raw.setData(e.id, data);
        await ctx.raw.setHashes(e.id, prev, hash);
        prev = hash;
      }
      await expectStreamBad(at(a, 1), /differs from the one sealed/);
      await expectLogBad(at(a, 1), /differs from the one sealed/);
    });

    it('detects the global chain rewritten too, through the signed checkpoint', async () => {
      const e = at(b, 0);
      const data = { n: 99 };
      const hash = eventHash({ ...e, data });
      await ctx.raw.setData(e.id, data);
      await ctx.raw.setHashes(e.id, e.prevStreamHash, hash);
      const successor = at(b, 1);
      const successorHash = eventHash({ ...successor, prevStreamHash: hash });
      await ctx.raw.setHashes(successor.id, hash, successorHash);
      // …and every link from B0 to the head, so each link hashes its predecessor again
      const links = await ctx.chain.links({ afterSeq: 0, limit: 100 });
      let prevChain: string | null = null;
      for (const link of links) {
        const eh =
          link.eventId === e.id ? hash : link.eventId === successor.id ? successorHash : link.eventHash;
        const ch = linkHash({ ...link, eventHash: eh }, prevChain);
        if (ch !== link.chainHash || eh !== link.eventHash) await ctx.raw.setLinkHashes(link.seq, eh, ch);
        prevChain = ch;
      }
      expect((await stream(streamB))?.ok).toBe(true); // the stream alone cannot tell
      const report = await log();
      expect(report.ok).toBe(false);
      expect(report.firstBad?.reason).toMatch(/signed another chain head/);
      expect(report.firstBad?.eventId).toBe(at(a, 3).id); // the signed head
    });

    it('detects a forged checkpoint signature', async () => {
      const head = await ctx.chain.head();
      await ctx.raw.setCheckpointSignature(head?.seq ?? 0, Buffer.alloc(64, 1).toString('base64'));
      const report = await log();
      expect(report.firstBad?.reason).toMatch(/bad signature/);
    });

    it('detects an alteration made before sealing, and the sealer refuses to seal it', async () => {
      const { events } = await append(ctx.store, `appeal-${randomUUID()}`, 1, 'no_stream');
      const fresh = events[0] as StoredEvent;
      await ctx.raw.setData(fresh.id, { n: 7 });
      await expect(createChainSealer({ store: ctx.store, chain: ctx.chain }).sealNow()).rejects.toThrow(
        /does not match its hash; not sealed/,
      );
      const report = await log();
      expect(report).toMatchObject({ ok: false, sealed: 6 });
      expect(report.firstBad).toMatchObject({ eventId: fresh.id, reason: expect.stringMatching(/content/) });
    });

    it('encodes events canonically: the text the hash covers', () => {
      expect(canonicalJson({ b: [1, 'ә', null], a: { d: 1e21, c: 0.5 } })).toBe(
        '{"a":{"c":0.5,"d":1e+21},"b":[1,"ә",null]}',
      );
    });
  });
}
