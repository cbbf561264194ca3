import type { Position } from '@kurrent/kurrentdb-client';

/**
 * A place in KurrentDB's `$all` log is a (commit, prepare) pair of byte offsets in its transaction file.
 * A checkpoint writes both as 20-digit zero-padded decimals, `"<commit>:<prepare>"`, so checkpoints of this
 * store compare as plain strings in log order and survive values beyond 2^53.
 */
const DIGITS = 20;
const CHECKPOINT = /^(\d{1,20}):(\d{1,20})$/;
const MAX_U64 = 2n ** 64n - 1n;

const pad = (value: bigint): string => {
  if (value < 0n || value > MAX_U64) throw new RangeError(`Not a $all log position: ${value}`);
  return value.toString().padStart(DIGITS, '0');
};

export const encodeCheckpoint = (position: Position): string =>
  `${pad(position.commit)}:${pad(position.prepare)}`;

/** The $all position a checkpoint of this store stands for; undefined (the start of the log) when absent. */
export const decodeCheckpoint = (checkpoint: string | undefined): Position | undefined => {
  if (checkpoint === undefined) return undefined;
  const match = typeof checkpoint === 'string' ? CHECKPOINT.exec(checkpoint) : null;
  const commit = match ? BigInt(match[1] as string) : -1n;
  const prepare = match ? BigInt(match[2] as string) : -1n;
  if (match === null || commit > MAX_U64 || prepare > MAX_U64) {
    throw new TypeError(
      `Not a checkpoint of the KurrentDB event store ("<commit>:<prepare>"): ${JSON.stringify(checkpoint)}`,
    );
  }
  return { commit, prepare };
};

/** Orders two positions as `$all` does: by commit position, then by prepare position. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

/** Orders two checkpoints of this store in log order (negative, zero or positive). */
export const compareCheckpoints = (a: string, b: string): number =>
  comparePositions(decodeCheckpoint(a) as Position, decodeCheckpoint(b) as Position);

/**
 * The port's 1-based `globalPosition` of an event at `position`.
 *
 * Derived from the commit position: `max(commit, prepare) + 1`. KurrentDB writes an append as one implicit
 * transaction whose events share a commit position (the transaction's start) and have increasing prepare
 * positions at or after it, so the larger of the two is distinct per event and increases in `$all` order.
 * Caveats: the numbers are byte offsets, so they are sparse (gaps are normal, never "missing events"); they
 * lose precision past 2^53 (a log of about 9 PB); and events of a legacy explicit transaction (TCP-era clients)
 * would share one value. Resume from `checkpoint`, never from `globalPosition`.
 */
export const globalPositionOf = (position: Position): number =>
  Number(position.commit > position.prepare ? position.commit : position.prepare) + 1;
