/// <reference types="jest" />
import { randomUUID } from 'node:crypto';
import type { NewQuarantined, Quarantine } from './port';

/** What a contract run needs from an adapter: a quarantine (possibly shared between tests), and its cleanup. */
export interface QuarantineFixture {
  quarantine: Quarantine;
  teardown?: () => Promise<void>;
}

/** A message of a group unique to the test, so adapters backed by a shared database need no cleanup between tests. */
const entry = (groupId: string, offset: number, over: Partial<NewQuarantined> = {}): NewQuarantined => ({
  groupId,
  topic: 'appeals.events.v1',
  partition: 3,
  offset,
  key: `k-${offset}`,
  value: JSON.stringify({ id: randomUUID(), type: 'AppealRouted', note: 'Заявление №1 — "quoted"' }),
  headers: { ce_type: 'kz.appeals.AppealRouted.v9', 'x-extra': 'ü' },
  error: 'Cannot decode AppealRouted (future_version): v9',
  ...over,
});

const uniqueGroup = () => `quarantine-contract-${randomUUID()}`;

/**
 * The Quarantine port's contract (ADR 0002: contract suites live with their port). Every adapter runs it: the
 * in-memory one, and the SQLite and PostgreSQL tables.
 */
export function quarantineContract(name: string, makeFixture: () => Promise<QuarantineFixture>): void {
  describe(`Quarantine contract: ${name}`, () => {
    let fixture: QuarantineFixture;
    let q: Quarantine;
    beforeEach(async () => {
      fixture = await makeFixture();
      q = fixture.quarantine;
    });
    afterEach(async () => {
      await fixture.teardown?.();
    });

    it('keeps a message as it was delivered, with the error, not marked for replay', async () => {
      const group = uniqueGroup();
      const added = await q.add(entry(group, 7));
      expect(added).toEqual({
        ...entry(group, 7, { value: added.value }),
        id: expect.stringMatching(/^\d+$/),
        quarantinedAt: expect.any(String),
        replayRequested: false,
      });
      expect(Number.isNaN(Date.parse(added.quarantinedAt))).toBe(false);
      expect(await q.get(added.id)).toEqual(added);
    });

    it('lists a group’s entries in the order they came, by page', async () => {
      const group = uniqueGroup();
      const other = uniqueGroup();
      const a = await q.add(entry(group, 1));
      await q.add(entry(other, 1));
      const b = await q.add(entry(group, 2));
      const c = await q.add(entry(group, 3));
      expect(Number(b.id)).toBeGreaterThan(Number(a.id));
      expect((await q.list({ groupId: group })).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
      expect((await q.list({ groupId: group, limit: 2 })).map((e) => e.id)).toEqual([a.id, b.id]);
      expect((await q.list({ groupId: group, after: b.id })).map((e) => e.id)).toEqual([c.id]);
      const everyone = (await q.list({ limit: 10_000 })).map((e) => e.groupId);
      expect(everyone).toEqual(expect.arrayContaining([group, other]));
    });

    it('keeps one entry per group and delivery: quarantined again, it keeps its id and takes the new error', async () => {
      const group = uniqueGroup();
      const first = await q.add(entry(group, 5));
      await q.requestReplay(first.id);
      const again = await q.add(entry(group, 5, { error: 'still broken' }));
      expect(again.id).toBe(first.id);
      expect(again.error).toBe('still broken');
      expect(again.replayRequested).toBe(false);
      expect(await q.list({ groupId: group })).toEqual([again]);
      const elsewhere = await q.add(entry(uniqueGroup(), 5));
      expect(elsewhere.id).not.toBe(first.id);
    });

    it('marks an entry for replay for its own group only', async () => {
      const group = uniqueGroup();
      const a = await q.add(entry(group, 1));
      const b = await q.add(entry(group, 2));
      expect(await q.replayable(group)).toEqual([]);
      expect(await q.requestReplay(b.id)).toBe(true);
      expect((await q.replayable(group)).map((e) => e.id)).toEqual([b.id]);
      expect(await q.replayable(uniqueGroup())).toEqual([]);
      expect((await q.get(b.id))?.replayRequested).toBe(true);
      expect((await q.get(a.id))?.replayRequested).toBe(false);
    });

    it('removes an entry; the same delivery quarantined later is a new entry', async () => {
      const group = uniqueGroup();
      const a = await q.add(entry(group, 1));
      await q.requestReplay(a.id);
      expect(await q.remove(a.id)).toBe(true);
      expect(await q.get(a.id)).toBeUndefined();
      expect(await q.list({ groupId: group })).toEqual([]);
      expect(await q.replayable(group)).toEqual([]);
      expect(await q.remove(a.id)).toBe(false);
      const back = await q.add(entry(group, 1));
      expect(back.id).not.toBe(a.id);
    });

    it('answers unknown ids with nothing', async () => {
      expect(await q.get('999999999')).toBeUndefined();
      expect(await q.requestReplay('999999999')).toBe(false);
      expect(await q.remove('999999999')).toBe(false);
    });
  });
}
