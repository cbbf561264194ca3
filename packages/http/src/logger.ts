/** The slice of a pino-style logger this package writes to (pino's `logger` fits as is). */
export interface HttpLogger {
  error(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
}

/** Fallback when no logger is given: one JSON line per entry on stderr. */
export const consoleLogger: HttpLogger = {
  error: (fields, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields })),
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
};

/** Drops everything; for tests that assert on responses only. */
export const silentLogger: HttpLogger = { error: () => undefined, warn: () => undefined };

/** Loggable view of any thrown value (stack stays in the log, never in a response). */
export const serializeError = (err: unknown): Record<string, unknown> => {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      message: err.message,
      stack: err.stack,
      ...(code === undefined ? {} : { code }),
    };
  }
  return { value: String(err) };
};
