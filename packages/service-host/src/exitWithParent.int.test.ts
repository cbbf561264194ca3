import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a hosted process whose launcher is killed', () => {
  it('given it was spawned with an IPC channel, when the launcher gets SIGKILL, then it stops itself, cleanly', async () => {
    const stopFile = join(mkdtempSync(join(tmpdir(), 'orphan-')), 'stopped');
    const launcher = spawn(process.execPath, [join(__dirname, 'fixtures', 'launcher.cjs'), stopFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [chunk] = (await once(launcher.stdout!, 'data')) as [Buffer];
    const child = Number(String(chunk).trim());
    expect(isAlive(child)).toBe(true);

    launcher.kill('SIGKILL');
    await once(launcher, 'exit');
    const deadline = Date.now() + 10_000;
    while (isAlive(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const orphaned = isAlive(child);
    if (orphaned) process.kill(child, 'SIGKILL');
    expect(orphaned).toBe(false);
    expect(existsSync(stopFile) && readFileSync(stopFile, 'utf8')).toBe('stopped'); // its stop ran, no crash
  }, 20_000);
});
