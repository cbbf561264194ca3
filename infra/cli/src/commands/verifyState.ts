import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { LogVerifyProgress } from '@appeals/chain';
import { z } from 'zod';

/**
 * `appeals verify --state FILE`: where a verification stands, kept after every page so an interrupted run (Ctrl-C,
 * a crash, a deploy) goes on from there when run again with the same file; removed once the log is judged. The
 * file's kind keeps its old name, so a state `pnpm verify-log` wrote before still goes on.
 */

const Sha = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const StateSchema = z.object({
  /** what the state is, so another JSON file is not taken for one */
  kind: z.literal('appeals-verify-log-state'),
  /** the log it belongs to (file or PostgreSQL schema): a state is never applied to another log */
  log: z.string(),
  progress: z.object({
    after: z.string().optional(),
    events: z.number().int().min(0),
    sealed: z.number().int().min(0),
    prevChainHash: Sha.nullable(),
    signedHead: z
      .object({
        seq: z.number().int(),
        chainHash: Sha,
        signedAt: z.string(),
        keyId: z.string(),
        signature: z.string(),
      })
      .optional(),
  }),
});

/** The state file of one run: read (when it exists), kept after each page, removed at the end. */
export interface VerifyState {
  /** where an earlier run stopped, when the file holds one for this log */
  readonly resumeFrom: LogVerifyProgress | undefined;
  save(progress: LogVerifyProgress): void;
  remove(): void;
}

/** Opens the state file for `log`; throws with a message naming the problem when the file is not a state of it. */
export function openVerifyState(file: string | undefined, log: string): VerifyState {
  if (file === undefined) return { resumeFrom: undefined, save: () => undefined, remove: () => undefined };
  let resumeFrom: LogVerifyProgress | undefined;
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`${file} is not JSON: not a verify-log state (remove it to start from the beginning)`);
    }
    const state = StateSchema.safeParse(parsed);
    if (!state.success)
      throw new Error(
        `${file} is not a verify-log state: ${state.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
      );
    if (state.data.log !== log) throw new Error(`${file} is the state of another log (${state.data.log})`);
    resumeFrom = state.data.progress;
  }
  return {
    resumeFrom,
    save(progress) {
      // write then rename: a run killed mid-write leaves the previous state, never half a file
      writeFileSync(`${file}.tmp`, JSON.stringify({ kind: 'appeals-verify-log-state', log, progress }));
      renameSync(`${file}.tmp`, file);
    },
    remove: () => rmSync(file, { force: true }),
  };
}
