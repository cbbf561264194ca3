import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  canonicalEventTextOf,
  canonicalLinkText,
  createChainSealer,
  createCheckpointSigner,
  generateSigningKey,
  sha256Hex,
} from '@appeals/chain';
import { createSqliteEventStore, type SqliteEventStore } from './sqliteEventStore';

/**
 * readChainTexts puts each event's canonical text together in the query; the whole-log check hashes it instead of the
 * records (docs/adr/0034-store-built-canonical-text.md). It must be the text canonicalEventTextOf builds from the
 * same row, whatever the strings hold, else sound events are read twice (and the speed is lost, not the verdict).
 */
const awkward = [
  'quote " and \\ backslash',
  'controls \b\f\n\r\t \u0000 \u001f \u007f',
  'Жалоба 😀 \u2028 é',
];

/** A store in a fresh file, an event per awkward string appended, and a connection of an attacker's own. */
async function withStore(
  run: (store: SqliteEventStore, raw: () => Database.Database) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-texts-'));
  const filename = path.join(dir, 'appeals.db');
  const store = createSqliteEventStore({ filename });
  try {
    await store.append(
      'appeal-1',
      awkward.map((text, i) => ({ id: `e-${i}`, type: 'T', data: { text }, metadata: { note: text } })),
      { expectedVersion: 'no_stream' },
    );
    await run(store, () => new Database(filename));
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

it('builds the text canonicalEventTextOf builds from the stored row, for awkward strings too', () =>
  withStore(async (store, attacker) => {
    // as appended, each text is the one hashed at the append
    for (const t of await store.readChainTexts()) expect(sha256Hex(t.canonicalText)).toBe(t.hash);
    // strings the store's own writes would not hold, written behind its back: the text must still agree
    const raw = attacker();
    awkward.forEach((text, i) =>
      raw
        .prepare('UPDATE events SET type = ?, time = ?, stream_id = ? WHERE event_id = ?')
        .run(text, text, `s ${text}`, `e-${i}`),
    );
    raw.close();
    const records = await store.readRecords();
    const texts = await store.readChainTexts();
    expect(texts.map((t) => t.id)).toEqual(['e-0', 'e-1', 'e-2']);
    texts.forEach((t, i) => {
      const r = records[i]!;
      expect(t).toMatchObject({
        id: r.id,
        streamId: r.streamId,
        streamPosition: r.streamPosition,
        globalPosition: r.globalPosition,
        checkpoint: r.checkpoint,
        prevStreamHash: r.prevStreamHash,
        hash: r.hash,
      });
      expect(t.canonicalText).toBe(canonicalEventTextOf(r, r.dataJson, r.metadataJson));
    });
  }));

it('begins each link text as canonicalLinkText does, for awkward strings too', () =>
  withStore(async (store, attacker) => {
    const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);
    await createChainSealer({ store, chain: store.chain, signer }).sealNow();
    const sealed = await store.chain.linkTexts!({ afterSeq: 0, limit: 10 });
    // as sealed, each head completed is the text the sealer hashed
    sealed.forEach((l, i) => {
      const prev = i === 0 ? 'null' : `"${sealed[i - 1]!.chainHash}"`;
      expect(sha256Hex(`${l.textHead}${prev},"seq":${l.seq},"v":1}`)).toBe(l.chainHash);
    });
    const raw = attacker();
    awkward.forEach((text, i) =>
      raw
        .prepare('UPDATE chain_links SET event_id = ?, event_hash = ? WHERE seq = ?')
        .run(text, `h ${text}`, i + 1),
    );
    raw.close();
    const links = await store.chain.links({ afterSeq: 0, limit: 10 });
    const texts = await store.chain.linkTexts!({ afterSeq: 0, limit: 10 });
    texts.forEach((t, i) => {
      const { checkpoint: _checkpoint, ...link } = links[i]!;
      expect(t).toMatchObject(link);
      expect(canonicalLinkText(link, null)).toBe(`${t.textHead}null,"seq":${t.seq},"v":1}`);
    });
  }));
