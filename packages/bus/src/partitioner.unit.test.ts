import { murmur2, partitionFor } from './partitioner';

describe('murmur2', () => {
  // Expected values from Apache Kafka's own partitioner tests, so keys land where Kafka puts them.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s like Kafka', (key, expected) => {
    expect(murmur2(key)).toBe(expected);
  });
});

describe('partitionFor', () => {
  it('puts a key on the same partition every time, within range', () => {
    for (const key of ['', 'appeal-1', 'өтініш-42', '📨']) {
      const partition = partitionFor(key, 12);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(12);
      expect(partitionFor(key, 12)).toBe(partition);
    }
  });

  it('spreads keys over every partition', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionFor(`appeal-${i}`, 12)));
    expect(used.size).toBe(12);
  });
});
