import type { Admin } from 'kafkajs';
import { createKafkaBus, decodeHeaders, toDelivered, waitUntilServed } from './kafkaBus';

describe('createKafkaBus options', () => {
  it.each([
    [{ brokers: [], clientId: 'x' }, /brokers/],
    [{ brokers: ' , ', clientId: 'x' }, /brokers/],
    [{ brokers: '127.0.0.1:1', clientId: '' }, /clientId/],
    [{ brokers: '127.0.0.1:1', clientId: 'x', partitions: 0 }, /partitions/],
    [{ brokers: '127.0.0.1:1', clientId: 'x', maxAttempts: 1.5 }, /maxAttempts/],
    [{ brokers: '127.0.0.1:1', clientId: 'x', retry: { backoffMs: [-1] } }, /backoffMs/],
    [
      {
        brokers: '127.0.0.1:1',
        clientId: 'x',
        consumer: { sessionTimeoutMs: 1000, heartbeatIntervalMs: 1000 },
      },
      /heartbeat/,
    ],
  ])('rejects %j', (options, message) => {
    expect(() => createKafkaBus(options)).toThrow(message);
  });

  it('validates messages before touching the network', async () => {
    const bus = createKafkaBus({ brokers: '127.0.0.1:1', clientId: 'unit' });
    await expect(bus.publish([{ topic: 'bad topic', key: 'k', value: 'v' }])).rejects.toThrow(
      /Invalid topic/,
    );
    await expect(bus.publish([{ topic: 't', key: 1 as unknown as string, value: 'v' }])).rejects.toThrow(
      /key/,
    );
    await expect(
      bus.publish([{ topic: 't', key: 'k', value: 'v', headers: { n: 1 as unknown as string } }]),
    ).rejects.toThrow(/Header n/);
    await expect(bus.subscribe({ groupId: '', topics: ['t'], handler: async () => {} })).rejects.toThrow(
      /groupId/,
    );
    await bus.close();
    await expect(bus.publish([{ topic: 't', key: 'k', value: 'v' }])).rejects.toThrow(/closed/);
  });
});

describe('records as the port delivers them', () => {
  it('decodes headers to strings, keeping the last of a repeated header', () => {
    expect(
      decodeHeaders({
        ce_type: Buffer.from('AppealSubmitted'),
        plain: 'text',
        repeated: [Buffer.from('first'), Buffer.from('Өтініш')],
        missing: undefined,
      }),
    ).toEqual({ ce_type: 'AppealSubmitted', plain: 'text', repeated: 'Өтініш' });
  });

  it('turns a null key or value into an empty string and the offset into a number', () => {
    const delivered = toDelivered('appeals.events.v1', 3, {
      key: null,
      value: null,
      offset: '41',
      timestamp: '0',
      attributes: 0,
      headers: {},
    } as never);
    expect(delivered).toEqual({
      topic: 'appeals.events.v1',
      partition: 3,
      offset: 41,
      key: '',
      value: '',
      headers: {},
      attempt: 1,
    });
  });
});

describe('waiting until a fresh topic is served', () => {
  const admin = (offsets: () => Promise<unknown>) =>
    ({
      fetchTopicMetadata: async () => ({
        topics: [
          {
            name: 't',
            partitions: [
              { partitionId: 0, leader: 1 },
              { partitionId: 1, leader: 1 },
            ],
          },
        ],
      }),
      fetchTopicOffsets: offsets,
    }) as unknown as Admin;

  it("asks again when kafkajs trips over a leader's empty offsets answer (a TypeError), then answers", async () => {
    let calls = 0;
    const served = await waitUntilServed(
      admin(async () => {
        calls += 1;
        if (calls < 3) throw new TypeError("Cannot destructure property 'partitions' of 'low.pop(...)'");
        return [];
      }),
      't',
    );
    expect({ served, calls }).toEqual({ served: 2, calls: 3 });
  });

  it('gives up at once on an error that is not retriable', async () => {
    let calls = 0;
    await expect(
      waitUntilServed(
        admin(async () => {
          calls += 1;
          throw new Error('SASL authentication failed');
        }),
        't',
      ),
    ).rejects.toThrow('SASL authentication failed');
    expect(calls).toBe(1);
  });
});
