import { createInMemoryReadStore } from '@appeals/readstore';
import { ViewGenerations, viewNamesOf } from './generations';
import { announcingWrites, createViewChanges, readWhen, TooManyWatches } from './viewChanges';
import { Views } from './views';

// The in-process notifier between the projector's writes and the readers waiting on a view: a change wakes the
// watches of that appeal only, is never missed between a read and the wait, and every watch is released.

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('a watch', () => {
  it('wakes on a change of its appeal, not of another', async () => {
    const changes = createViewChanges();
    const watch = changes.watch('a');
    const next = watch.next(1_000);
    changes.changed('b');
    changes.changed('a');
    await expect(next).resolves.toBe('changed');
  });

  it('keeps a change that came before it waited (read → change → wait)', async () => {
    const changes = createViewChanges();
    const watch = changes.watch('a');
    changes.changed('a');
    await expect(watch.next(1_000)).resolves.toBe('changed');
    const later = watch.next(1_000); // that change is used up: this one waits
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(later).resolves.toBe('elapsed');
  });

  it('ends on abort, on close and when the notifier closes', async () => {
    const changes = createViewChanges();
    const controller = new AbortController();
    const aborted = changes.watch('a').next(10_000, controller.signal);
    controller.abort();
    await expect(aborted).resolves.toBe('ended');

    const closing = changes.watch('a');
    const closed = closing.next(10_000);
    closing.close();
    await expect(closed).resolves.toBe('ended');

    const open = changes.watch('b').next(10_000);
    changes.close();
    await expect(open).resolves.toBe('ended');
  });

  it('is woken by changedAll (a generation switch), as ViewGenerations tells it', async () => {
    const changes = createViewChanges();
    const generations = new ViewGenerations(createInMemoryReadStore(), () => changes.changedAll());
    const first = changes.watch('a').next(1_000);
    const second = changes.watch('b').next(1_000);
    await generations.switchTo(2);
    await expect(Promise.all([first, second])).resolves.toEqual(['changed', 'changed']);
  });
});

describe('the bound on watches', () => {
  it('refuses a watch past the limit, and counts closed ones out (also closed twice)', () => {
    const changes = createViewChanges({ maxWatches: 2 });
    const one = changes.watch('a');
    changes.watch('a');
    expect(() => changes.watch('b')).toThrow(TooManyWatches);
    one.close();
    one.close();
    expect(changes.watching).toBe(1);
    expect(() => changes.watch('b')).not.toThrow();
    expect(changes.watching).toBe(2);
  });
});

describe('announcingWrites', () => {
  it('announces writes of any generation of the detail and summary views, not of other collections', async () => {
    const changes = createViewChanges();
    const views = announcingWrites(createInMemoryReadStore(), changes);
    const seen: string[] = [];
    const watchOf = (id: string) => {
      const watch = changes.watch(id);
      void watch.next(1_000).then((outcome) => outcome === 'changed' && seen.push(id));
    };
    ['d1', 's2', 'p1', 'm1'].forEach(watchOf);
    expect(await views.upsert(Views.detail, 'd1', { status: 'registered' }, 1)).toBe(true);
    await views.upsert(viewNamesOf(2).summary, 's2', { status: 'registered' }, 1);
    await views.upsert(Views.personal, 'p1', { text: 'x' }, 1);
    await views.upsert('projection_meta', 'm1', { generation: 2 }, 2);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen.sort()).toEqual(['d1', 's2']);
    // the revision guard's answer passes through
    expect(await views.upsert(Views.detail, 'd1', { status: 'routed' }, 1)).toBe(false);
  });
});

describe('readWhen', () => {
  const store = () => {
    const views = createInMemoryReadStore();
    const read = async () => views.get<{ status: string }>(Views.detail, 'a');
    return { views, read };
  };
  const atLeast = (version: number) => (doc: { _revision: number }) => doc._revision >= version;

  it('answers at once when the condition already holds', async () => {
    const { views, read } = store();
    await views.upsert(Views.detail, 'a', { status: 'routed' }, 2);
    const changes = createViewChanges();
    const watch = changes.watch('a');
    await expect(readWhen(read, atLeast(2), { watch, waitMs: 10_000 })).resolves.toMatchObject({
      met: true,
      doc: { _revision: 2 },
    });
  });

  it('answers when a write it is told of meets the condition', async () => {
    const { views, read } = store();
    const changes = createViewChanges();
    const written = announcingWrites(views, changes);
    await written.upsert(Views.detail, 'a', { status: 'registered' }, 1);
    const waiting = readWhen(read, atLeast(2), { watch: changes.watch('a'), waitMs: 10_000 });
    await written.upsert(Views.detail, 'a', { status: 'routed' }, 2);
    await expect(waiting).resolves.toMatchObject({ met: true, doc: { status: 'routed', _revision: 2 } });
  });

  it('answers the current document when the wait ends first', async () => {
    const { views, read } = store();
    const changes = createViewChanges();
    await views.upsert(Views.detail, 'a', { status: 'registered' }, 1);
    const waiting = readWhen(read, atLeast(5), { watch: changes.watch('a'), waitMs: 2_000 });
    await jest.advanceTimersByTimeAsync(2_000);
    await expect(waiting).resolves.toMatchObject({ met: false, doc: { _revision: 1 } });
  });

  it('re-reads every recheckMs when another process writes the views (nobody tells it)', async () => {
    const { views, read } = store();
    const changes = createViewChanges();
    await views.upsert(Views.detail, 'a', { status: 'registered' }, 1);
    const waiting = readWhen(read, atLeast(2), { watch: changes.watch('a'), waitMs: 10_000, recheckMs: 50 });
    await views.upsert(Views.detail, 'a', { status: 'routed' }, 2); // unannounced
    await jest.advanceTimersByTimeAsync(50);
    await expect(waiting).resolves.toMatchObject({ met: true, doc: { _revision: 2 } });
  });

  it('without a recheck, does not see an unannounced write before the wait ends', async () => {
    const { views, read } = store();
    const changes = createViewChanges();
    await views.upsert(Views.detail, 'a', { status: 'registered' }, 1);
    const waiting = readWhen(read, atLeast(2), { watch: changes.watch('a'), waitMs: 1_000 });
    await views.upsert(Views.detail, 'a', { status: 'routed' }, 2);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(waiting).resolves.toMatchObject({ met: false, doc: { _revision: 1 } });
  });
});
