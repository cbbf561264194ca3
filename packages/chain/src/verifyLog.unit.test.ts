import { canonicalJson } from './canonicalJson';
import { createInMemoryChainStore } from './inMemoryChainStore';
import { createCheckpointSigner, generateSigningKey, readPublicKey } from './keys';
import type { ChainLog, ChainRecord, ChainTextRecord } from './port';
import { createChainSealer } from './sealer';
import { createTestLog } from './testLog';
import { checkPageReader, recordContentProblem } from './records';
import { canonicalEventTextOf } from './streamChain';
import { canonicalLinkText, linkHashMatches } from './globalChain';
import { verifyLog, type LogVerifyProgress } from './verifyLog';

const key = generateSigningKey();
const publicKeys = [readPublicKey(key.publicKeyPem)];

/** Three streams, interleaved, sealed with a checkpoint every 4 events: 9 events. */
async function sealedLog() {
  const log = createTestLog();
  for (let i = 0; i < 3; i++) for (const s of ['a', 'b', 'c']) log.append(`appeal-${s}`);
  const chain = createInMemoryChainStore();
  const signer = createCheckpointSigner(key.privateKeyPem);
  await createChainSealer({ store: log, chain, signer, batchSize: 4, checkpointEveryEvents: 4 }).sealNow({
    checkpoint: true,
  });
  return { log, chain };
}

/** The log as a store with readRecords: the stored texts, some of them replaced. */
const withRecords = (log: ChainLog, texts: Map<string, string> = new Map()): ChainLog => ({
  ...log,
  readRecords: async (options) =>
    (await log.readAll(options)).map(
      ({ data, metadata, ...rest }): ChainRecord => ({
        ...rest,
        dataJson: texts.get(rest.id) ?? canonicalJson(data),
        metadataJson: canonicalJson(metadata),
      }),
    ),
});

describe('verifyLog, page by page', () => {
  it('goes on from the progress of any page and judges as a run from the start does', async () => {
    const { log, chain } = await sealedLog();
    const whole = await verifyLog({ store: log, chain, publicKeys });
    expect(whole).toMatchObject({ ok: true, events: 9, sealed: 9, checkpoints: 3 });
    const pages: LogVerifyProgress[] = [];
    await verifyLog({ store: log, chain, publicKeys, batchSize: 2, onProgress: (p) => pages.push(p) });
    expect(pages.map((p) => p.events)).toEqual([2, 4, 6, 8, 9]);
    for (const resumeFrom of pages.slice(0, -1))
      expect(await verifyLog({ store: log, chain, publicKeys, batchSize: 2, resumeFrom })).toEqual(whole);
  });

  it('reads a page larger than its chunks in chunks, and still reports (and resumes) at page boundaries', async () => {
    const log = createTestLog();
    for (let i = 0; i < 1200; i++) log.append(`appeal-${i % 50}`);
    const chain = createInMemoryChainStore();
    const signer = createCheckpointSigner(key.privateKeyPem);
    await createChainSealer({ store: log, chain, signer, batchSize: 1000 }).sealNow({ checkpoint: true });
    const limits: number[] = [];
    const counted: ChainLog = {
      ...log,
      readAll: async (options) => {
        limits.push(options.limit ?? Number.POSITIVE_INFINITY);
        return log.readAll(options);
      },
    };
    const pages: LogVerifyProgress[] = [];
    const whole = await verifyLog({
      store: counted,
      chain,
      publicKeys,
      batchSize: 1000,
      onProgress: (p) => pages.push(p),
    });
    expect(whole).toMatchObject({ ok: true, events: 1200, sealed: 1200, checkpoints: 2 });
    expect(pages.map((p) => p.events)).toEqual([1000, 1200]);
    expect(Math.max(...limits)).toBeLessThanOrEqual(500);
    expect(await verifyLog({ store: log, chain, publicKeys, batchSize: 1000, resumeFrom: pages[0] })).toEqual(
      whole,
    );
  });

  it('after a resume, checks a stream begun before it against the stored event before (read from the log)', async () => {
    const { log, chain } = await sealedLog();
    const pages: LogVerifyProgress[] = [];
    await verifyLog({ store: log, chain, publicKeys, batchSize: 3, onProgress: (p) => pages.push(p) });
    // the predecessor of appeal-a's second event (global 4) sits before the resume point: its hash is rewritten
    const stored = await log.readStream('appeal-a');
    const readStream: ChainLog['readStream'] = async (id, o) =>
      (await log.readStream(id, o)).map((e) => (e.id === stored[0]?.id ? { ...e, hash: 'f'.repeat(64) } : e));
    const report = await verifyLog({
      store: { ...log, readStream },
      chain,
      publicKeys,
      resumeFrom: pages[0],
    });
    expect(report.firstBad).toMatchObject({
      eventId: stored[1]?.id,
      reason: expect.stringMatching(/prevStreamHash/),
    });
  });
});

describe('verifyLog on stored texts (readRecords)', () => {
  it('hashes a canonical text as it is, and parses one written in another form before judging it', async () => {
    const { log, chain } = await sealedLog();
    const [first] = await log.readAll({ limit: 1 });
    expect(await verifyLog({ store: withRecords(log), chain, publicKeys })).toMatchObject({
      ok: true,
      events: 9,
    });
    // the same value in another form (whitespace): not canonical, the same content
    const reformatted = withRecords(log, new Map([[first!.id, '{ }']]));
    expect(await verifyLog({ store: reformatted, chain, publicKeys })).toMatchObject({ ok: true, events: 9 });
  });

  it('names the first event whose stored text was altered, or is not JSON', async () => {
    const { log, chain } = await sealedLog();
    const [, second, third] = await log.readAll({ limit: 3 });
    const altered = withRecords(
      log,
      new Map([
        [third!.id, '{"n":1}'],
        [second!.id, '{"n":'],
      ]),
    );
    const report = await verifyLog({ store: altered, chain, publicKeys });
    expect(report.firstBad).toMatchObject({
      eventId: second!.id,
      reason: 'the stored data or metadata is not JSON (altered)',
    });
  });

  it('recordContentProblem: nothing for the stored canonical text, the altered content named', async () => {
    const { log } = await sealedLog();
    const [record] = await withRecords(log).readRecords!({ limit: 1 });
    expect(recordContentProblem(record!)).toBeUndefined();
    expect(recordContentProblem({ ...record!, dataJson: '{"a":1}' })).toMatch(
      /content does not match its hash/,
    );
    expect(recordContentProblem({ ...record!, time: '2020-01-01T00:00:00.000Z' })).toMatch(/does not match/);
  });
});

/** The log as a store with canonical texts (readChainTexts) beside its records; some texts replaced. */
const withTexts = (log: ChainLog, texts: Map<string, string> = new Map()): ChainLog => {
  const records = withRecords(log);
  return {
    ...records,
    readChainTexts: async (options) =>
      (await records.readRecords!(options)).map(
        ({ type: _type, time: _time, dataJson, metadataJson, ...rest }): ChainTextRecord => ({
          ...rest,
          canonicalText:
            texts.get(rest.id) ??
            canonicalEventTextOf({ ...rest, type: _type, time: _time }, dataJson, metadataJson),
        }),
      ),
  };
};

describe('verifyLog on canonical texts the store builds (readChainTexts)', () => {
  it('takes a page whose texts all match their hashes as sound, and reads any other page again as records', async () => {
    const { log } = await sealedLog();
    const [, second] = await log.readAll({ limit: 2 });
    const sound = await checkPageReader(withTexts(log))(undefined, 4);
    expect(sound).toMatchObject({ sound: true });
    expect(sound.rows.map((r) => r.id)).toEqual((await log.readAll({ limit: 4 })).map((e) => e.id));
    const reread = await checkPageReader(withTexts(log, new Map([[second!.id, '{}']])))(undefined, 4);
    expect(reread.sound).toBe(false);
    expect(reread.rows[1]).toMatchObject({ id: second!.id, dataJson: '{}' });
  });

  it('reports as a run on records does: sound texts verify, a text that does not match is judged on the records', async () => {
    const { log, chain } = await sealedLog();
    const [, second] = await log.readAll({ limit: 2 });
    expect(await verifyLog({ store: withTexts(log), chain, publicKeys })).toMatchObject({
      ok: true,
      events: 9,
    });
    // a text the store built otherwise (not the canonical one) for a sound record: still sound
    const otherText = withTexts(log, new Map([[second!.id, 'another text']]));
    expect(await verifyLog({ store: otherText, chain, publicKeys })).toMatchObject({ ok: true, events: 9 });
    // an altered record is named with the records' reason, whatever the texts say
    const alteredRecords: ChainLog = {
      ...withTexts(log, new Map([[second!.id, 'altered']])),
      readRecords: withRecords(log, new Map([[second!.id, '{"n":1}']])).readRecords!,
    };
    const report = await verifyLog({ store: alteredRecords, chain, publicKeys });
    expect(report).toMatchObject({ ok: false, events: 2 });
    expect(report.firstBad).toMatchObject({
      eventId: second!.id,
      reason: expect.stringMatching(/content does not match/),
    });
  });

  it('hashes a link on the text head the store began, or where that does not match, on the link itself', async () => {
    const { log, chain } = await sealedLog();
    const links = await chain.links({ afterSeq: 0, limit: 9 });
    const [first, second] = links;
    const head = (l: (typeof links)[number]) => canonicalLinkText(l, null).replace(/null,"seq":.*$/, '');
    expect(linkHashMatches({ ...second!, textHead: head(second!) }, first!.chainHash)).toBe(true);
    expect(linkHashMatches({ ...second!, textHead: 'another head' }, first!.chainHash)).toBe(true);
    expect(linkHashMatches({ ...second!, textHead: head(second!) }, second!.chainHash)).toBe(false);
    const withHeads = {
      ...chain,
      linkTexts: async () => links.map((l) => ({ ...l, textHead: 'another head' })),
    };
    expect(
      await verifyLog({ store: withTexts(log), chain: withHeads, publicKeys, batchSize: 100 }),
    ).toMatchObject({
      ok: true,
      events: 9,
    });
  });
});
