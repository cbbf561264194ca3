const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * MurmurHash2 (32-bit) of the key's UTF-8 bytes, as Kafka's Java client computes it
 * (seed 0x9747b28c), returned as a signed 32-bit integer.
 */
export function murmur2(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const length = bytes.length;
  let h = SEED ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length % 4;
  if (rest > 0) {
    if (rest === 3) h ^= bytes[whole + 2]! << 16;
    if (rest >= 2) h ^= bytes[whole + 1]! << 8;
    h ^= bytes[whole]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition a key lands on: `(murmur2(key) & 0x7fffffff) % partitions`, Kafka's default
 * partitioner for keyed messages, so the in-process bus and Kafka agree on partition numbers.
 */
export function partitionFor(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
