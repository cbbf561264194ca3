import { ConcurrencyError, type ExpectedVersion } from '@appeals/eventstore';
import { fromCurrentState } from './expectedVersion';

/** Duck-typed: the client's errors carry `type` (its ErrorType enum value), so this also matches copies of them. */
const errorType = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;

/** The client's WrongExpectedVersionError (type `wrong-expected-version`). */
export const isWrongExpectedVersion = (error: unknown): boolean =>
  errorType(error) === 'wrong-expected-version';

/** The client's StreamNotFoundError (type `stream-not-found`): reading a stream that was never written. */
export const isStreamNotFound = (error: unknown): boolean => errorType(error) === 'stream-not-found';

/** The client's StreamDeletedError (type `stream-deleted`) or a tombstone (`stream-tombstoned`). */
export const isStreamDeleted = (error: unknown): boolean =>
  errorType(error) === 'stream-deleted' || errorType(error) === 'stream-tombstoned';

/**
 * Translates a client error raised by an append: WrongExpectedVersion becomes the port's ConcurrencyError
 * (with the server's actual revision when it sent one; -1 otherwise), anything else passes through unchanged.
 */
export const translateAppendError = (
  error: unknown,
  streamId: string,
  expected: ExpectedVersion,
): unknown => {
  if (!isWrongExpectedVersion(error)) return error;
  const actual = fromCurrentState((error as { actualState?: bigint | 'no_stream' }).actualState);
  const concurrency = new ConcurrencyError(streamId, expected, actual ?? -1);
  (concurrency as { cause?: unknown }).cause = error;
  return concurrency;
};
