import { createInProcessBus } from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { fromEventMessage } from '@appeals/contracts';
import { createInMemoryCheckpointStore, createInMemoryEventStore } from '@appeals/eventstore';
import { randomUUID } from 'node:crypto';
import { startRelay } from './relay';

const appeal = () => randomUUID();
const event = (appealId: string, n: number) => ({
  id: randomUUID(),
  type: 'AppealRouted',
  data: { appealId, agencyId: `a-${n}`, by: 'rules' },
  metadata: { service: 'routing' },
});

describe('relay from the event store to the bus', () => {
  it('publishes every event in global order, keyed by appeal, and resumes from its checkpoint after a restart', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    const bus = createInProcessBus();
    const seen: Array<{ key: string; position: number }> = [];
    await bus.subscribe({
      groupId: 'test',
      topics: ['appeals.events.v1'],
      handler: async (m) => {
        seen.push({ key: m.key, position: fromEventMessage(m).globalPosition });
      },
    });
    const [a, b] = [appeal(), appeal()];
    await store.append(`appeal-${a}`, [event(a, 1), event(a, 2)], { expectedVersion: 'no_stream' });
    let relay = startRelay({ store, checkpoints, bus });
    await store.append(`appeal-${b}`, [event(b, 3)], { expectedVersion: 'no_stream' });
    await relay.caughtUp();
    await relay.stop();

    await store.append(`appeal-${a}`, [event(a, 4)], { expectedVersion: 1 });
    relay = startRelay({ store, checkpoints, bus });
    await relay.caughtUp();
    await relay.stop();

    await waitFor(() => seen.length >= 4, 5000);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((s) => s.position).sort((x, y) => x - y)).toEqual([1, 2, 3, 4]); // nothing twice, nothing lost
    expect(seen.filter((s) => s.key === a).map((s) => s.position)).toEqual([1, 2, 4]); // per-appeal order kept
    expect(await checkpoints.load('relay')).toBe('4');
    await bus.close();
  });

  it('publishes what it read in one call and saves one checkpoint for it', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    const saves: string[] = [];
    const counting = {
      load: (id: string) => checkpoints.load(id),
      save: async (id: string, checkpoint: string) => {
        saves.push(checkpoint);
        await checkpoints.save(id, checkpoint);
      },
    };
    const inner = createInProcessBus();
    const publishes: number[] = [];
    const bus = {
      ...inner,
      publish: async (messages: Parameters<typeof inner.publish>[0]) => {
        publishes.push(messages.length);
        await inner.publish(messages);
      },
    };
    for (const id of [appeal(), appeal(), appeal()]) {
      await store.append(`appeal-${id}`, [event(id, 1), event(id, 2)], { expectedVersion: 'no_stream' });
    }
    const relay = startRelay({ store, checkpoints: counting, bus, batchSize: 4 });
    await relay.caughtUp();
    await relay.stop();
    expect(publishes).toEqual([4, 2]);
    expect(saves).toEqual(['4', '6']);
    await inner.close();
  });
});
