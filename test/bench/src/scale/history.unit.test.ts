import { createAppealCommands, toDomainEvent } from '@appeals/appeal-application';
import { fold } from '@appeals/decider';
import { createInMemoryEventStore } from '@appeals/eventstore';
import { createCore } from '@appeals/core';
import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { demoCatalog } from '@appeals/reference-data';
import { randomUUID } from 'node:crypto';
import { COURSES, generateAppeal, type Course, type HistoryContext } from './history';
import { seededRandom } from './seedScale';

// The generator's appeals are histories the system itself would write: every event passes its contract, and the
// decider folds each appeal to the end its course names. And it writes the mix it promises.

const vault = createPersonalDataVault({
  keys: createInMemoryKeyStore(),
  masterKeys: masterKeysFrom({ key: generateMasterKey() }),
});
const store = createInMemoryEventStore();
const core = createCore({ catalog: demoCatalog(), api: { title: 't', version: '0' }, store, vault });
const ctx = (seed: number): HistoryContext => ({
  decider: core.commands.decider,
  catalog: core.catalog,
  vault,
  random: seededRandom(seed),
  newId: randomUUID,
  accounts: 50,
});

/** What the folded appeal looks like at the end of each course. */
const ENDS: Record<Course, (a: Record<string, unknown>) => boolean> = {
  answered: (a) => a.status === 'answered' && a.rating === undefined,
  answered_and_rated: (a) => a.status === 'answered' && a.rating !== undefined,
  forwarded_then_answered: (a) => a.status === 'answered' && a.lastForwardedTo === a.agencyId,
  extended_then_answered: (a) => a.status === 'answered' && a.extended === true,
  deemed_refused: (a) => a.deemedRefused === true,
  terminated: (a) => a.status === 'terminated',
  withdrawn: (a) => a.status === 'withdrawn',
  in_progress: (a) => a.status === 'in_progress',
};

describe('seed:scale appeal histories', () => {
  it('are valid events that fold to the end of their course, over the whole period', async () => {
    const from = Date.parse('2025-01-06T04:00:00Z');
    const seen = new Map<Course, number>();
    for (let i = 0; i < 400; i++) {
      const filedAt = new Date(from + i * 40 * 3_600_000);
      const appeal = await generateAppeal(ctx(i), i, filedAt);
      expect(appeal.refusedAt).toBeUndefined();
      const events = appeal.events.map((e) => toDomainEvent({ ...e, metadata: e.metadata ?? {} } as never));
      const state = fold(core.commands.decider, events) as unknown as Record<string, unknown>;
      expect({ course: appeal.course, ok: ENDS[appeal.course](state) }).toEqual({
        course: appeal.course,
        ok: true,
      });
      expect(appeal.events[0]?.time).toBe(filedAt.toISOString());
      seen.set(appeal.course, (seen.get(appeal.course) ?? 0) + 1);
    }
    // every course occurs, near its share (400 draws: within 6 points)
    for (const [course, share] of Object.entries(COURSES) as Array<[Course, number]>)
      expect(Math.abs((seen.get(course) ?? 0) / 400 - share)).toBeLessThan(0.06);
  });

  it('are the same for the same seed, and append as one stream each', async () => {
    const a = await generateAppeal(ctx(7), 1, new Date('2026-03-02T05:00:00Z'));
    const b = await generateAppeal(ctx(7), 1, new Date('2026-03-02T05:00:00Z'));
    expect(b.course).toBe(a.course);
    expect(b.events.map((e) => [e.type, e.time])).toEqual(a.events.map((e) => [e.type, e.time]));
    const commands = createAppealCommands(store, core.jurisdictions.rulesFor, vault);
    await store.append(`appeal-${a.appealId}`, a.events, { expectedVersion: 'no_stream' });
    const { state } = await commands.load(a.appealId);
    expect(state.status).not.toBe('none');
  });
});
