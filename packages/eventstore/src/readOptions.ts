import type { ReadAllOptions, ReadStreamOptions } from './port';

const nonNegativeInteger = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) || value === Number.POSITIVE_INFINITY) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
};

/** Checkpoint of an event in a log whose checkpoints are plain global positions. */
export const checkpointOfGlobalPosition = (globalPosition: number): string => String(globalPosition);

/** Global position a position-checkpoint points at; 0 (before the first event) when absent. */
export const globalPositionOfCheckpoint = (checkpoint: string | undefined): number => {
  if (checkpoint === undefined) return 0;
  if (!/^\d{1,15}$/.test(checkpoint))
    throw new TypeError(`Not a checkpoint of this event store: ${JSON.stringify(checkpoint)}`);
  return Number(checkpoint);
};

/** readStream options with defaults applied and validated. */
export const normalizeReadStreamOptions = (
  options: ReadStreamOptions = {},
): { fromPosition: number; maxCount: number } => ({
  fromPosition: nonNegativeInteger('readStream fromPosition', options.fromPosition, 0),
  maxCount: nonNegativeInteger('readStream maxCount', options.maxCount, Number.POSITIVE_INFINITY),
});

/** readAll options for position-checkpoint adapters, with defaults applied and validated. */
export const normalizeReadAllOptions = (
  options: ReadAllOptions = {},
): { afterPosition: number; limit: number } => ({
  afterPosition: globalPositionOfCheckpoint(options.after),
  limit: nonNegativeInteger('readAll limit', options.limit, Number.POSITIVE_INFINITY),
});
