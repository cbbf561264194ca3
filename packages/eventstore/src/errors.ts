/**
 * Thrown when some (not all) event ids of an append are already stored, or stored in
 * another stream or at other positions, or repeated within the batch. Retrying cannot
 * help: the writer reused ids, which is a bug, so this is deliberately not a ConcurrencyError.
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENTSTORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
    reason: string,
  ) {
    super(`Stream ${streamId}: event ids ${eventIds.join(', ')} ${reason}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Guard usable across adapters, like isConcurrencyError. */
export const isDuplicateEventIdError = (e: unknown): e is DuplicateEventIdError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EVENTSTORE.DUPLICATE_EVENT_ID';
