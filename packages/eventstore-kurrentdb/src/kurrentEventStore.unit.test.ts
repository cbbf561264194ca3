import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError, isConcurrencyError } from '@appeals/eventstore';
import { compareCheckpoints, decodeCheckpoint, encodeCheckpoint, globalPositionOf } from './checkpoint';
import { isStreamNotFound, isWrongExpectedVersion, translateAppendError } from './errors';
import { fromCurrentState, toStreamState } from './expectedVersion';
import {
  createKurrentEventStore,
  decodeMetadata,
  encodeMetadata,
  HASH_METADATA_KEY,
  isHiddenEvent,
  PREV_HASH_METADATA_KEY,
  TIME_METADATA_KEY,
} from './kurrentEventStore';
import { kurrentServer, SKIP_BANNER } from './kurrentServer';

describe('expected version mapping', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['any', ANY],
    ['stream_exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
  ] as const)('maps %p to %p', (expected, state) => {
    expect(toStreamState(expected)).toBe(state);
  });

  it('maps the server current state back to the port revision', () => {
    expect(fromCurrentState(NO_STREAM)).toBe('no_stream');
    expect(fromCurrentState(7n)).toBe(7);
    expect(fromCurrentState(-1n)).toBe('no_stream');
    expect(fromCurrentState(-5n)).toBe('no_stream');
    expect(fromCurrentState(undefined)).toBeUndefined();
  });
});

describe('checkpoints', () => {
  const pos = (commit: bigint, prepare: bigint) => ({ commit, prepare });

  it('round-trips positions, including values beyond 2^53 and the 64-bit maximum', () => {
    for (const p of [
      pos(0n, 0n),
      pos(1234n, 1200n),
      pos(2n ** 60n + 3n, 2n ** 60n + 1n),
      pos(2n ** 64n - 1n, 5n),
    ]) {
      expect(decodeCheckpoint(encodeCheckpoint(p))).toEqual(p);
    }
    expect(encodeCheckpoint(pos(12n, 34n))).toBe('00000000000000000012:00000000000000000034');
    expect(decodeCheckpoint(undefined)).toBeUndefined();
    expect(decodeCheckpoint('12:34')).toEqual(pos(12n, 34n));
  });

  it('orders by commit, then prepare, and the strings sort the same way', () => {
    const ordered = [pos(0n, 0n), pos(100n, 100n), pos(100n, 180n), pos(300n, 250n), pos(2n ** 63n, 0n)].map(
      encodeCheckpoint,
    );
    const shuffled = [ordered[3], ordered[0], ordered[4], ordered[2], ordered[1]] as string[];
    expect([...shuffled].sort(compareCheckpoints)).toEqual(ordered);
    expect([...shuffled].sort()).toEqual(ordered);
    expect(compareCheckpoints(ordered[1] as string, ordered[1] as string)).toBe(0);
  });

  it.each(['', '12', '12:', ':3', 'a:b', '-1:2', '1:2:3', '18446744073709551616:0', ' 1:2'])(
    'rejects %p',
    (bad) => {
      expect(() => decodeCheckpoint(bad)).toThrow(TypeError);
    },
  );

  it('refuses to encode negative positions', () => {
    expect(() => encodeCheckpoint(pos(-1n, 0n))).toThrow(RangeError);
  });

  it('derives a 1-based global position that increases in $all order and is distinct within a batch', () => {
    // one append of three events: shared commit (transaction start), increasing prepares; then a later append
    const log = [pos(500n, 500n), pos(500n, 620n), pos(500n, 740n), pos(900n, 900n)];
    const globals = log.map(globalPositionOf);
    expect(globals).toEqual([501, 621, 741, 901]);
    expect(globalPositionOf(pos(0n, 0n))).toBe(1);
    // legacy explicit transactions: the commit record lies after the prepares
    expect(globalPositionOf(pos(1000n, 10n))).toBe(1001);
  });
});

describe('error mapping', () => {
  it('turns the client WrongExpectedVersionError into the port ConcurrencyError', () => {
    const wrong = new WrongExpectedVersionError(undefined, {
      streamName: 'appeal-1',
      expected: NO_STREAM,
      current: 3n,
    });
    expect(isWrongExpectedVersion(wrong)).toBe(true);
    const mapped = translateAppendError(wrong, 'appeal-1', 'no_stream');
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(isConcurrencyError(mapped)).toBe(true);
    expect(mapped).toMatchObject({ streamId: 'appeal-1', expected: 'no_stream', actual: 3, cause: wrong });
  });

  it('reports no_stream when the stream is missing', () => {
    const wrong = new WrongExpectedVersionError(undefined, {
      streamName: 'appeal-2',
      expected: 4n,
      current: NO_STREAM,
    });
    expect(translateAppendError(wrong, 'appeal-2', 4)).toMatchObject({ expected: 4, actual: 'no_stream' });
  });

  it('accepts duck-typed errors and passes every other error through', () => {
    const duck = { type: 'wrong-expected-version', actualState: 0n };
    expect(translateAppendError(duck, 's', 'no_stream')).toMatchObject({ actual: 0 });
    expect(translateAppendError({ type: 'wrong-expected-version' }, 's', 2)).toMatchObject({ actual: -1 });
    const other = new Error('unavailable');
    expect(translateAppendError(other, 's', 'any')).toBe(other);
    expect(translateAppendError(undefined, 's', 'any')).toBeUndefined();
  });

  it('recognises StreamNotFound', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'appeal-9'))).toBe(true);
    expect(isStreamNotFound({ type: 'stream-not-found' })).toBe(true);
    expect(isStreamNotFound(new Error('stream-not-found'))).toBe(false);
  });
});

describe('event metadata', () => {
  const unchained = { prevStreamHash: null, hash: '' };

  it('stores time inside the metadata and takes it out again', () => {
    const metadata = { actor: { id: 'officer-1', role: 'executor' }, correlationId: 'c-1' };
    const time = '2024-03-15T09:30:00.123+05:00';
    const raw = encodeMetadata(metadata, time);
    expect(raw).toEqual({ ...metadata, [TIME_METADATA_KEY]: time });
    expect(decodeMetadata(JSON.parse(JSON.stringify(raw)), new Date(0))).toEqual({
      metadata,
      time,
      ...unchained,
    });
    expect(decodeMetadata(encodeMetadata(undefined, time), new Date(0))).toEqual({
      metadata: {},
      time,
      ...unchained,
    });
  });

  it('stores the stream chain inside the metadata and takes it out again', () => {
    const chain = { prevStreamHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
    const raw = encodeMetadata({ service: 'intake' }, 't', chain);
    expect(raw).toEqual({
      service: 'intake',
      [TIME_METADATA_KEY]: 't',
      [PREV_HASH_METADATA_KEY]: chain.prevStreamHash,
      [HASH_METADATA_KEY]: chain.hash,
    });
    expect(decodeMetadata(raw, new Date(0))).toEqual({
      metadata: { service: 'intake' },
      time: 't',
      ...chain,
    });
  });

  it('falls back to the server created time for events written by others, which carry no hash', () => {
    const created = new Date('2025-01-02T03:04:05.678Z');
    expect(decodeMetadata(undefined, created)).toEqual({
      metadata: {},
      time: created.toISOString(),
      ...unchained,
    });
    expect(decodeMetadata(new Uint8Array([1]), created).time).toBe(created.toISOString());
    expect(decodeMetadata({ a: 1 }, created)).toEqual({
      metadata: { a: 1 },
      time: created.toISOString(),
      ...unchained,
    });
  });

  it.each([TIME_METADATA_KEY, PREV_HASH_METADATA_KEY, HASH_METADATA_KEY])(
    'rejects the reserved key %s in caller metadata',
    (key) => {
      expect(() => encodeMetadata({ [key]: 'x' }, 't')).toThrow(TypeError);
    },
  );

  it('hides system events and checkpoint records from readAll', () => {
    expect(isHiddenEvent({ type: '$metadata', streamId: '$$appeal-1' })).toBe(true);
    expect(isHiddenEvent({ type: '$>', streamId: '$ce-appeal' })).toBe(true);
    expect(isHiddenEvent({ type: '$appeals-checkpoint', streamId: 'appeals-checkpoint-relay' })).toBe(true);
    expect(isHiddenEvent({ type: 'AppealSubmitted', streamId: 'appeal-1' })).toBe(false);
  });
});

describe('without a server', () => {
  it('needs a connection string or a client', () => {
    expect(() => createKurrentEventStore({})).toThrow(TypeError);
  });

  it('validates appends before touching the server, and refuses use after close', async () => {
    const store = createKurrentEventStore({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    await expect(store.append('', [], { expectedVersion: 'any' })).rejects.toThrow(TypeError);
    await expect(store.append('s', [], { expectedVersion: -1 as never })).rejects.toThrow(RangeError);
    await expect(store.readAll({ after: 'nonsense' })).rejects.toThrow(TypeError);
    await store.close();
    await store.close();
    await expect(store.readStream('s')).rejects.toThrow(/closed/);
  });

  it('skips the suite loudly when KURRENTDB_URL is not set', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const skipped = kurrentServer({});
      expect(skipped).toEqual({ url: '', describe: describe.skip });
      expect(String(write.mock.calls[0]?.[0])).toContain(SKIP_BANNER);
      const running = kurrentServer({ KURRENTDB_URL: ' kurrentdb://localhost:2113?tls=false ' });
      expect(running).toEqual({ url: 'kurrentdb://localhost:2113?tls=false', describe });
    } finally {
      write.mockRestore();
    }
  });
});
