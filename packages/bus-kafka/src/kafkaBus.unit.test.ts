import { createKafkaBus, decodeHeaders, toDelivered } from './kafkaBus';

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
