import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createChainSealer, createCheckpointSigner } from '@appeals/chain';
import { createEmbeddedSystem } from '@appeals/gateway';
import { actors, HOUSING_APPEAL, routeAppealCommand, sealedAppealCommand } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { processEnv } from './env';

// Test support (tests only): an embedded data folder filled through the system's own commands, and the CLI run as
// a child process as an operator runs it (`node bin/appeals.cjs`, what `pnpm appeals` starts).

/** Events one filed appeal leaves in the log: submitted, registered, routed. */
export const EVENTS_PER_APPEAL = 3;

/**
 * Files `appeals` appeals into the embedded data folder `dataDir` through the embedded system's commands (personal
 * data sealed under the folder's keys, as intake seals it), each routed; seals the log and signs a checkpoint with
 * the folder's key, as the audit service does. The system is never started: the views stay empty until a rebuild.
 */
export async function fileAppeals(dataDir: string, appeals: number): Promise<string[]> {
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  const ids: string[] = [];
  try {
    for (let i = 0; i < appeals; i++) {
      const appealId = randomUUID();
      const now = new Date();
      const submit = await sealedAppealCommand(system.vault, {
        appealId,
        now,
        applicant: { ...HOUSING_APPEAL.applicant, fullName: `Айгерим Садыкова ${i}` },
        applicantAccountId: `${actors.citizen.id}-${i}`,
      });
      await system.commands.execute(appealId, submit, { service: 'intake' });
      await system.commands.execute(appealId, routeAppealCommand({ now }), { service: 'routing' });
      ids.push(appealId);
    }
    const signer = createCheckpointSigner(readFileSync(join(dataDir, 'chain-signing.key'), 'utf8'));
    await createChainSealer({ store: system.store, chain: system.store.chain, signer }).sealNow({
      checkpoint: true,
    });
  } finally {
    await system.stop();
  }
  return ids;
}

const bin = join(__dirname, '..', 'bin', 'appeals.cjs');

export interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** What a child process printed (stdout, stderr) and how it exited. */
export function collected(child: ChildProcess): Promise<Ran> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (err += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** Runs `appeals …` as a process with only `env` (and PATH) in its environment; stdin closed, stdout/stderr piped. */
export const appeals = (args: string[], env: Record<string, string> = {}): Promise<Ran> =>
  collected(
    spawn(process.execPath, [bin, ...args], {
      env: { PATH: processEnv().PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );

/** The command line that runs `appeals …` (for `script -c`, which takes one string). */
export const appealsCommandLine = (args: string[]): string =>
  [process.execPath, bin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
