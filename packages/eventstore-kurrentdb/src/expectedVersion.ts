import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import type { ExpectedVersion, StreamRevision } from '@appeals/eventstore';

/** The port's expected version as KurrentDB's expected stream state. */
export const toStreamState = (expected: ExpectedVersion): AppendStreamState => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

/** KurrentDB's current stream state as the port's revision; undefined when the server reported none. */
export const fromCurrentState = (
  state: CurrentStreamState | bigint | undefined,
): StreamRevision | undefined => {
  if (state === NO_STREAM) return 'no_stream';
  if (typeof state !== 'bigint') return undefined;
  // -1 means "no stream" in the wire protocol; -5/-6 mean deleted/tombstoned, which the port calls no stream too.
  return state < 0n ? 'no_stream' : Number(state);
};
