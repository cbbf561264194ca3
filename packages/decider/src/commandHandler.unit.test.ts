import { createInMemoryEventStore, type EventStore } from '@appeals/eventstore';
import { createCommandHandler } from './commandHandler';
import { DomainError, type Decider } from './decider';

// A tiny counter decider: enough to exercise loading, deciding, appending and conflict retries.
type Cmd = { type: 'Add'; by: number } | { type: 'Reset' };
type Ev = { type: 'Added'; data: { by: number } } | { type: 'WasReset'; data: Record<string, never> };
type State = { total: number };
const counter: Decider<Cmd, Ev, State> = {
  initialState: { total: 0 },
  decide: (c, s) => {
    if (c.type === 'Add') {
      if (c.by <= 0) throw new DomainError('COUNTER.NOT_POSITIVE', 'add a positive number', 'by');
      return [{ type: 'Added', data: { by: c.by } }];
    }
    return s.total === 0 ? [] : [{ type: 'WasReset', data: {} }];
  },
  evolve: (s, e) => (e.type === 'Added' ? { total: s.total + e.data.by } : { total: 0 }),
  isTerminal: () => false,
};

let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('command handler', () => {
  it('creates the stream with "no stream" and then appends at the exact version', async () => {
    const store = createInMemoryEventStore();
    const handle = createCommandHandler(store, counter, { newId });
    const first = await handle('c-1', { type: 'Add', by: 2 });
    const second = await handle('c-1', { type: 'Add', by: 3 }, { service: 'test' });
    expect(first.version).toBe(0);
    expect(second).toMatchObject({ version: 1, state: { total: 5 } });
    const stored = await store.readStream('c-1');
    expect(stored.map((e) => e.metadata.service)).toEqual([undefined, 'test']);
  });

  it('appends nothing for a command that is already satisfied', async () => {
    const store = createInMemoryEventStore();
    const handle = createCommandHandler(store, counter, { newId });
    const result = await handle('c-2', { type: 'Reset' });
    expect(result).toEqual({ appended: [], state: { total: 0 }, version: -1 });
    expect(await store.readStream('c-2')).toEqual([]);
  });

  it('lets a broken rule through as a DomainError and writes nothing', async () => {
    const store = createInMemoryEventStore();
    const handle = createCommandHandler(store, counter, { newId });
    await expect(handle('c-3', { type: 'Add', by: -1 })).rejects.toMatchObject({
      code: 'COUNTER.NOT_POSITIVE',
      field: 'by',
    });
    expect(await store.readStream('c-3')).toEqual([]);
  });

  it('re-reads and decides again when another writer got in first', async () => {
    const inner = createInMemoryEventStore();
    let interfered = false;
    // A store whose first append loses a race to a concurrent writer.
    const racing: EventStore = {
      ...inner,
      append: async (stream, events, options) => {
        if (!interfered) {
          interfered = true;
          await inner.append(stream, [{ id: newId(), type: 'Added', data: { by: 10 } }], {
            expectedVersion: 'any',
          });
        }
        return inner.append(stream, events, options);
      },
    };
    const handle = createCommandHandler(racing, counter, { newId });
    const result = await handle('c-4', { type: 'Add', by: 1 });
    expect(result.state.total).toBe(11);
    expect((await inner.readStream('c-4')).map((e) => e.data)).toEqual([{ by: 10 }, { by: 1 }]);
  });

  it('gives up after the configured retries and reports the conflict', async () => {
    const inner = createInMemoryEventStore();
    const alwaysRacing: EventStore = {
      ...inner,
      append: async (stream, events, options) => {
        await inner.append(stream, [{ id: newId(), type: 'Added', data: { by: 1 } }], {
          expectedVersion: 'any',
        });
        return inner.append(stream, events, options);
      },
    };
    const handle = createCommandHandler(alwaysRacing, counter, { newId, retries: 2 });
    await expect(handle('c-5', { type: 'Add', by: 1 })).rejects.toMatchObject({
      code: 'EVENTSTORE.CONCURRENCY',
    });
  });
});
