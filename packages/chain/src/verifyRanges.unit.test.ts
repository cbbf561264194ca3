import fc from 'fast-check';
import { createInMemoryChainStore } from './inMemoryChainStore';
import { createCheckpointSigner, generateSigningKey, readPublicKey } from './keys';
import type { ChainEvent, ChainLog, ChainStore } from './port';
import { createChainSealer } from './sealer';
import { chainBatch } from './streamChain';
import { verifyLog, type LogVerifyOptions, type LogVerifyProgress } from './verifyLog';
import type { RangeResult } from './verifyRange';
import { mergeRange } from './verifyRanges';

const key = generateSigningKey();
const publicKeys = [readPublicKey(key.publicKeyPem)];
const signer = createCheckpointSigner(key.privateKeyPem);
const EVENTS = 60;

/** What is done to the log: before sealing (the sealer seals it as it finds it) or after, behind the store's back. */
type Tamper =
  | 'content'
  | 'streamLink'
  | 'streamGap'
  | 'chainLink'
  | 'removed'
  | 'reordered'
  | 'signature'
  | 'none';
const TAMPERS: Tamper[] = [
  'content',
  'streamLink',
  'streamGap',
  'chainLink',
  'removed',
  'reordered',
  'signature',
];

/** A log of EVENTS events over 7 interleaved streams, as a store reads it (global order = global position). */
function logOf(events: ChainEvent[]): ChainLog {
  return {
    async readAll({ after, limit = Number.POSITIVE_INFINITY }) {
      const from = after === undefined ? 0 : Number(after);
      return events.filter((e) => e.globalPosition > from).slice(0, limit);
    },
    async readStream(streamId, { fromPosition = 0, maxCount = Number.POSITIVE_INFINITY } = {}) {
      return events
        .filter((e) => e.streamId === streamId && e.streamPosition >= fromPosition)
        .sort((a, b) => a.streamPosition - b.streamPosition)
        .slice(0, maxCount);
    },
    onAppended: () => () => undefined,
  };
}

/** Appends EVENTS events; `forge` (a global position) gets a prevStreamHash that is not its predecessor's. */
function appendAll(forge?: number): ChainEvent[] {
  const events: ChainEvent[] = [];
  const tips = new Map<string, { position: number; hash: string }>();
  for (let g = 1; g <= EVENTS; g++) {
    const streamId = `appeal-${(g * 5) % 7}`;
    const tip = tips.get(streamId);
    const position = tip === undefined ? 0 : tip.position + 1;
    const prev = g === forge ? 'a'.repeat(64) : (tip?.hash ?? null);
    const id = `e-${g}`;
    const time = `2026-03-01T10:00:${String(g % 60).padStart(2, '0')}Z`;
    const data = { g };
    const [fields] = chainBatch(streamId, position, prev, [
      { id, type: 'T', time, dataJson: JSON.stringify(data), metadataJson: '{}' },
    ]);
    const event = { id, type: 'T', time, data, metadata: {}, streamId, streamPosition: position };
    events.push({ ...event, globalPosition: g, checkpoint: String(g), ...fields! });
    tips.set(streamId, { position, hash: fields!.hash });
  }
  return events;
}

/** A sealed log (a checkpoint every 5 events) with `tamper` done at global position / chain link `at`. */
async function tamperedLog(tamper: Tamper, at: number): Promise<Pick<LogVerifyOptions, 'store' | 'chain'>> {
  let events = appendAll(tamper === 'streamLink' ? at : undefined);
  if (tamper === 'streamGap') events = events.filter((e) => e.globalPosition !== at);
  const chain = createInMemoryChainStore();
  await createChainSealer({
    store: logOf(events),
    chain,
    signer,
    batchSize: 5,
    checkpointEveryEvents: 5,
  }).sealNow({
    checkpoint: true,
  });
  const i = events.findIndex((e) => e.globalPosition >= at);
  const e = events[i] as ChainEvent;
  if (tamper === 'content') events[i] = { ...e, data: { g: -1 } };
  if (tamper === 'removed') events.splice(i, 1);
  const next = events[i + 1];
  if (tamper === 'reordered' && next !== undefined) {
    events[i] = { ...next, globalPosition: e.globalPosition, checkpoint: e.checkpoint };
    events[i + 1] = { ...e, globalPosition: next.globalPosition, checkpoint: next.checkpoint };
  }
  const tamperedChain: ChainStore = {
    ...chain,
    links: async (o) =>
      (await chain.links(o)).map((l) =>
        tamper === 'chainLink' && l.seq === at ? { ...l, chainHash: 'b'.repeat(64) } : l,
      ),
    checkpoints: async () =>
      (await chain.checkpoints()).map((c) =>
        tamper === 'signature' && c.seq >= at && c.seq < at + 5
          ? { ...c, signature: c.signature.replace(/^./, (x) => (x === 'A' ? 'B' : 'A')) }
          : c,
      ),
  };
  return { store: logOf(events), chain: tamperedChain };
}

/** The sequential report and progress, and the ranges' (checked on this thread, `rangeSize` events each). */
async function bothWays(log: Pick<LogVerifyOptions, 'store' | 'chain'>, rangeSize: number, batchSize = 5) {
  const sequential = await verifyLog({ ...log, publicKeys, batchSize, parallel: { workers: 0 } });
  const progress: LogVerifyProgress[] = [];
  const inRanges = await verifyLog({
    ...log,
    publicKeys,
    batchSize,
    parallel: { workers: 0, rangeSize, minEvents: 0 },
    onProgress: (p) => progress.push(p),
  });
  return { sequential, inRanges, progress };
}

describe('verifyLog in ranges: the report of a sequential run, whatever the boundaries', () => {
  it('verifies the untouched log in ranges, reporting after each range', async () => {
    const { sequential, inRanges, progress } = await bothWays(await tamperedLog('none', 1), 10);
    expect(sequential).toMatchObject({ ok: true, events: EVENTS, sealed: EVENTS, checkpoints: 12 });
    expect(inRanges).toEqual(sequential);
    expect(progress.map((p) => p.events)).toEqual([10, 20, 30, 40, 50, 60, 60]);
  });

  // each tamper exactly at a boundary (the first event of a range, the last of one), inside the first range and
  // inside the last: ranges of 10 (boundaries after 10, 20, … 50)
  describe.each(TAMPERS)('%s', (tamper) => {
    it.each([
      ['the first event of a range', 21],
      ['the last event of a range', 30],
      ['inside the first range', 4],
      ['inside the last range', 53],
    ])('at %s (%i): the sequential report', async (_where, at) => {
      const { sequential, inRanges } = await bothWays(await tamperedLog(tamper, at), 10);
      expect(sequential.ok).toBe(false);
      expect(inRanges).toEqual(sequential);
    });
  });

  it('a stream link broken where only the merge sees it: the first event a range meets of a stream', async () => {
    // e-36 continues appeal-5 (its predecessor e-29 is in the range before) with a forged prevStreamHash
    const { sequential, inRanges } = await bothWays(await tamperedLog('streamLink', 36), 5);
    expect(sequential.firstBad).toMatchObject({
      eventId: 'e-36',
      reason: expect.stringMatching(/prevStreamHash/),
    });
    expect(inRanges).toEqual(sequential);
  });

  it('property: any tamper anywhere, any range size and page size: the same report', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Tamper>(...TAMPERS, 'none'),
        fc.integer({ min: 1, max: EVENTS - 1 }),
        fc.integer({ min: 1, max: EVENTS }),
        fc.integer({ min: 1, max: 12 }),
        async (tamper, at, rangeSize, batchSize) => {
          const { sequential, inRanges } = await bothWays(
            await tamperedLog(tamper, at),
            rangeSize,
            batchSize,
          );
          expect(inRanges).toEqual(sequential);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: every progress it reports (ranges of whole pages) is one the sequential run reports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Tamper>(...TAMPERS, 'none'),
        fc.integer({ min: 1, max: EVENTS - 1 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        async (tamper, at, pages, batchSize) => {
          const log = await tamperedLog(tamper, at);
          const saved: LogVerifyProgress[] = [];
          await verifyLog({ ...log, publicKeys, batchSize, onProgress: (p) => saved.push(p) });
          const { progress } = await bothWays(log, pages * batchSize, batchSize);
          for (const p of progress) expect(saved).toContainEqual(p);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('goes on from a saved progress in ranges too (a stream begun before it is read from the log)', async () => {
    const log = await tamperedLog('streamLink', 44);
    const pages: LogVerifyProgress[] = [];
    const whole = await verifyLog({ ...log, publicKeys, batchSize: 5, onProgress: (p) => pages.push(p) });
    for (const resumeFrom of pages.slice(0, 4)) {
      const sequential = await verifyLog({ ...log, publicKeys, batchSize: 5, resumeFrom });
      const inRanges = await verifyLog({
        ...log,
        publicKeys,
        batchSize: 5,
        resumeFrom,
        parallel: { workers: 0, rangeSize: 7, minEvents: 0 },
      });
      expect(sequential).toEqual(whole);
      expect(inRanges).toEqual(whole);
    }
  });
});

describe('mergeRange: a range is taken only where the ranges before it ended', () => {
  const given = () => ({
    progress: { after: '10', events: 10, sealed: 10, prevChainHash: 'c'.repeat(64) },
    streams: new Map([['appeal-1', { streamPosition: 3, hash: 'd'.repeat(64) }]]),
    unknown: 'new' as const,
  });
  const plan = { index: 1, afterSeq: 10, toSeq: 20, after: '10', prevChainHash: 'c'.repeat(64) };
  const result: RangeResult = {
    index: 1,
    problem: false,
    events: 10,
    after: '20',
    prevChainHash: 'e'.repeat(64),
    signedHead: undefined,
    lastEvent: { globalPosition: 20, id: 'e-20' },
    firstMet: [
      {
        streamId: 'appeal-1',
        streamPosition: 4,
        prevStreamHash: 'd'.repeat(64),
        hash: 'f'.repeat(64),
        globalPosition: 12,
      },
    ],
    lastPosition: [5],
    lastHash: ['0'.repeat(64)],
  };
  const noRead = async () => undefined;

  it('given a range that fits, when merged, then the state is the one after it', async () => {
    const state = given();
    expect(await mergeRange(state, plan, result, noRead)).toBe(true);
    expect(state.progress).toEqual({ after: '20', events: 20, sealed: 20, prevChainHash: 'e'.repeat(64) });
    expect(state.streams.get('appeal-1')).toEqual({ streamPosition: 5, hash: '0'.repeat(64) });
  });

  it.each([
    ['it started at another cursor', { ...plan, after: '9' }, result],
    ['it started from another chain hash', { ...plan, prevChainHash: 'b'.repeat(64) }, result],
    ['it started at another link', { ...plan, afterSeq: 9 }, result],
    ['it found a problem', plan, { ...result, problem: true }],
    [
      'a stream it met does not continue from the tip before',
      plan,
      { ...result, firstMet: [{ ...result.firstMet[0]!, prevStreamHash: 'a'.repeat(64) }] },
    ],
    [
      'a stream it met first skips a position',
      plan,
      { ...result, firstMet: [{ ...result.firstMet[0]!, streamPosition: 5 }] },
    ],
  ])(
    'given a range where %s, when merged, then it is refused and the state is unchanged',
    async (_why, p, r) => {
      const state = given();
      expect(await mergeRange(state, p, r, noRead)).toBe(false);
      expect(state).toEqual(given());
    },
  );
});
