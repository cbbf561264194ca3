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
  // an admin loads next year's calendar at run time; it must survive the restart too
  const { token } = (await (
    await fetch(`${base}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"role":"admin"}',
    })
  ).json()) as { token: string };
  const year = {
    profileId: 'kz-appk',
    year: 2028,
    holidays: [{ date: '2028-01-01', name: 'New Year', verified: false }],
    movedDaysOff: [],
    movedWorkingDays: [],
    source: 'test',
    verified: false,
  };
  const put = await fetch(`${base}/api/v1/admin/calendars/kz-appk/2028`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(year),
  });
  expect(put.status).toBe(200);
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
    const years = (await (await fetch(`${base}/api/v1/calendars/kz-appk`)).json()) as {
      years: Array<{ year: number }>;
    };
    expect(years.years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028]);
  } finally {
    expect(await stop(child)).toBe(0);
  }
});
