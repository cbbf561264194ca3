import { createInProcessBus, type DeliveredMessage } from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { namespacedBus } from './namespacedBus';

describe('a namespaced bus', () => {
  it('keeps two namespaces on one bus apart, and shows handlers the plain topic', async () => {
    const shared = createInProcessBus({ partitions: 2 });
    const a = namespacedBus(shared, 'e2e-a');
    const b = namespacedBus(shared, 'e2e-b');
    const seenA: DeliveredMessage[] = [];
    const seenB: DeliveredMessage[] = [];
    const raw: DeliveredMessage[] = [];
    await a.subscribe({
      groupId: 'routing',
      topics: ['appeals.events.v1'],
      handler: async (m) => void seenA.push(m),
    });
    await b.subscribe({
      groupId: 'routing',
      topics: ['appeals.events.v1'],
      handler: async (m) => void seenB.push(m),
    });
    await shared.subscribe({
      groupId: 'spy',
      topics: ['e2e-a.appeals.events.v1'],
      handler: async (m) => void raw.push(m),
    });
    await a.publish([{ topic: 'appeals.events.v1', key: 'appeal-1', value: '{"n":1}' }]);
    await waitFor(() => seenA.length === 1 && raw.length === 1);
    await shared.idle?.();
    expect(seenA[0]).toMatchObject({ topic: 'appeals.events.v1', key: 'appeal-1', value: '{"n":1}' });
    expect(raw[0]!.topic).toBe('e2e-a.appeals.events.v1');
    expect(seenB).toEqual([]);
    await shared.close();
  });

  it('shows a batch handler the plain topic too', async () => {
    const shared = createInProcessBus({ partitions: 1 });
    const a = namespacedBus(shared, 'e2e-a');
    const batches: DeliveredMessage[][] = [];
    await a.publish(
      [1, 2, 3].map((n) => ({ topic: 'appeals.events.v1', key: 'appeal-1', value: `{"n":${n}}` })),
    );
    await a.subscribe({
      groupId: 'projections',
      topics: ['appeals.events.v1'],
      batchHandler: async (messages) => void batches.push(messages),
    });
    await waitFor(() => batches.flat().length === 3);
    expect(batches.flat().map((m) => [m.topic, m.value])).toEqual([
      ['appeals.events.v1', '{"n":1}'],
      ['appeals.events.v1', '{"n":2}'],
      ['appeals.events.v1', '{"n":3}'],
    ]);
    await shared.close();
  });

  it('is the bus itself without a namespace', () => {
    const bus = createInProcessBus();
    expect(namespacedBus(bus, '')).toBe(bus);
  });
});
