/** Stable codes of the errors read-store adapters throw for bad input. */
export type ReadStoreErrorCode = 'READSTORE.INVALID_QUERY' | 'READSTORE.INVALID_ARGUMENT';

/** Bad input to a read store (an unsafe field path, a malformed condition, a negative revision…). */
export class ReadStoreError extends Error {
  override readonly name = 'ReadStoreError';

  constructor(
    readonly code: ReadStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True for errors any read-store adapter throws for bad input, whichever adapter threw it. */
export function isReadStoreError(error: unknown): error is ReadStoreError {
  if (error instanceof ReadStoreError) return true;
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('READSTORE.');
}
