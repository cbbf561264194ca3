/**
 * What every command ends with: one exit code for the whole CLI (docs/operations.md), what to print for a person,
 * and what to print for a machine (`--json`).
 */

/** Exit codes of every `appeals` command. */
export const EXIT = {
  /** done; the check passed */
  ok: 0,
  /** the command ran and its answer is no: tampering found, a rebuild failed, a message still undecodable, no such appeal */
  failed: 1,
  /** it could not run as asked: bad usage, bad configuration, a missing data folder, a server out of reach */
  usage: 2,
  /** stopped by Ctrl-C (128 + SIGINT) */
  interrupted: 130,
} as const;

/** A command line or configuration that cannot run (exit 2); its message is printed without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What one command did: its exit code, the lines for a person, the document for `--json`. */
export interface Outcome {
  code: number;
  text: string[];
  json: unknown;
}

/** An outcome with exit 0. */
export const ok = (json: unknown, text: string[]): Outcome => ({ code: EXIT.ok, json, text });

/** An outcome with exit 1 (the command ran; the answer is no). */
export const failed = (json: unknown, text: string[]): Outcome => ({ code: EXIT.failed, json, text });

/** `key: value` lines of a flat record (lists joined, `-` for none). */
export const describeRecord = (record: Record<string, unknown>): string[] =>
  Object.entries(record).map(
    ([key, value]) =>
      `${key}: ${Array.isArray(value) ? value.join(', ') || '-' : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
  );
