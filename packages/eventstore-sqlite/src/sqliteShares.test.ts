import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openChainLog } from './chainLogSource';
import { createSqliteEventStore } from './sqliteEventStore';

/**
 * A rebuild's fold threads each read one share of the log's streams (sqliteShareReader): the shares of a window are
 * its rows split by stream, none lost or read twice, a stream always in the same share, and every share's windows
 * end at the same positions, up to `until`.
 */
describe('a share of the SQLite log', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-shares-'));
  const filename = path.join(dir, 'appeals.db');
  const streams = Array.from({ length: 40 }, () => `appeal-${randomUUID()}`);

  beforeAll(async () => {
    const store = createSqliteEventStore({ filename });
    // 200 events, the streams interleaved in the log
    for (let i = 0; i < 200; i++)
      await store.append(streams[i % streams.length]!, [{ id: randomUUID(), type: 'T', data: { i } }], {
        expectedVersion: 'any',
      });
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits each window by stream: every row once, a stream in one share, the same window ends', async () => {
    const log = await openChainLog({ filename });
    try {
      const of = 3;
      const seen = new Map<string, number>(); // stream → share
      const positions: number[] = [];
      for (let index = 0; index < of; index++) {
        const ends: string[] = [];
        for (let after: string | undefined, last = false; !last; ) {
          const page = await log.readShare({ after, limit: 32, until: 170, share: { index, of } });
          expect(page.events).toBe(Math.min(32, 170 - Number(after ?? 0)));
          for (const r of page.records) {
            expect(seen.get(r.streamId) ?? index).toBe(index);
            seen.set(r.streamId, index);
            positions.push(r.globalPosition);
            expect(JSON.parse(r.dataJson)).toEqual({ i: r.globalPosition - 1 });
          }
          ({ checkpoint: after, last } = page);
          ends.push(after);
        }
        expect(ends).toEqual(['32', '64', '96', '128', '160', '170']);
      }
      expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));
      expect(new Set(seen.values()).size).toBe(of); // every share has streams
    } finally {
      await log.close();
    }
  });

  it('answers an empty last window past `until`', async () => {
    const log = await openChainLog({ filename });
    try {
      expect(
        await log.readShare({ after: '170', limit: 32, until: 170, share: { index: 0, of: 2 } }),
      ).toEqual({
        records: [],
        events: 0,
        checkpoint: '170',
        last: true,
      });
    } finally {
      await log.close();
    }
  });
});
