import { startEmbedded } from '@appeals/bench/src/load/systems';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The embedded system as the README starts it, in its own process on a fresh data folder. */
export interface FuzzTarget {
  origin: string;
  pid: number | undefined;
  alive(): boolean;
  /** the process's last log lines (its errors name what failed) */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded system (`tsx src/main.ts` in services/gateway, as `pnpm start` does) on a fresh temporary
 * `DATA_DIR`, a free port, the rate limit off (one client sends everything) and its log at `error`.
 */
export async function startTarget(): Promise<FuzzTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'appeals-fuzz-'));
  const system = await startEmbedded(dataDir, { LOG_LEVEL: 'error' });
  let alive = true;
  const pid = system.pid;
  const check = () => {
    if (!alive || pid === undefined) return alive;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    return alive;
  };
  return {
    origin: new URL(system.base).origin,
    pid,
    alive: check,
    tail: () => system.tail?.() ?? '',
    async stop() {
      await system.stop();
      alive = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
