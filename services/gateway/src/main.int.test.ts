import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts the system the way `pnpm start` does (tsx src/main.ts), on a file-backed data dir,
// files an appeal, restarts the process, and reads the appeal back: nothing is lost across a restart.

const tsx = require.resolve('tsx/cli');
const dataDir = mkdtempSync(join(tmpdir(), 'appeals-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(port: number): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [tsx, join(__dirname, 'main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`did not start: ${stderr}`);
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

const port = 20000 + (process.pid % 20000);

it('keeps appeals across a restart and shuts down cleanly on SIGTERM', async () => {
  let { child, base } = await start(port);
  const created = await fetch(`${base}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'proposal',
      categoryId: 'education',
      regionKato: '710000000',
      language: 'kk',
      subject: 'Мектеп ауласы',
      text: 'Мектеп ауласына балалар алаңын салуды ұсынамын.',
      applicant: { type: 'individual', fullName: 'Дәулет Қасымов' },
    }),
  });
  expect(created.status).toBe(201);
  const { id, trackingCode } = (await created.json()) as { id: string; trackingCode: string };
  expect(await stop(child)).toBe(0);

  ({ child, base } = await start(port));
  try {
    let view: { status?: string; agencyId?: string } = {};
    for (let i = 0; i < 50 && view.status !== 'routed'; i++) {
      view = (await (
        await fetch(`${base}/api/v1/appeals/${id}?trackingCode=${trackingCode}`)
      ).json()) as typeof view;
      if (view.status !== 'routed') await new Promise((r) => setTimeout(r, 100));
    }
    expect(view).toMatchObject({ status: 'routed', agencyId: 'mon' });
  } finally {
    expect(await stop(child)).toBe(0);
  }
});
