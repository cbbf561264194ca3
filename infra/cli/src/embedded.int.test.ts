import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { viewNamesOf } from '@appeals/projections';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { EXIT } from './outcome';
import { appeals, EVENTS_PER_APPEAL, fileAppeals } from './testFolder';

// `appeals` as an operator runs it (a child process, stdout and stderr piped) against a real embedded data folder:
// appeals filed through the system's own commands (personal data sealed under the folder's keys), then each command
// checked by its exit code and its --json document.

jest.setTimeout(120_000); // each command is a process start (a few seconds on a busy 2-core machine)

const dir = mkdtempSync(join(tmpdir(), 'appeals-cli-embedded-'));
const env = { DATA_DIR: dir };
let ids: string[];

beforeAll(async () => {
  ids = await fileAppeals(dir, 4);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (out: string) => JSON.parse(out) as Record<string, any>;

it('verify: exit 0, every event sealed and the checkpoint signed by the key beside the data', async () => {
  const ran = await appeals(['verify', '--json'], env);
  expect(ran.code).toBe(EXIT.ok);
  expect(json(ran.out)).toMatchObject({
    ok: true,
    events: 4 * EVENTS_PER_APPEAL,
    sealed: 4 * EVENTS_PER_APPEAL,
    checkpoints: 1,
  });
  expect(ran.err).toMatch(/verify: \d+ of ~12 events checked \(100\.0 %\), 12 sealed, \d+ events\/s, ETA 0s/);
});

it('rebuild: exit 0, the next generation active and holding every appeal, progress as plain lines', async () => {
  const ran = await appeals(['rebuild', '--json'], env);
  expect(ran.code).toBe(EXIT.ok);
  expect(json(ran.out)).toMatchObject({ state: 'done', generation: 2, eventsProcessed: 12, percent: 100 });
  expect(ran.err).toMatch(/rebuild: generation 1 → 2/);
  expect(ran.err).toMatch(/rebuild: 12 of ~12 events applied \(100\.0 %\), \d+ events\/s, ETA 0s/);
  expect(ran.err).not.toContain('\u001b['); // no bar where no terminal is
  expect(ran.err).not.toContain('\u2588');

  const views = createSqliteReadStore({ filename: join(dir, 'views.db') });
  try {
    for (const id of ids)
      expect(await views.get(viewNamesOf(2).detail, id)).toMatchObject({ appealId: id, status: 'routed' });
    expect(await views.get(viewNamesOf(1).detail, ids[0]!)).toBeNull(); // the old generation dropped
  } finally {
    await views.close();
  }
});

describe('history', () => {
  it('replays the events in order with the state after each; personal data stays sealed', async () => {
    const ran = await appeals(['history', ids[0]!, '--json'], env);
    expect(ran.code).toBe(EXIT.ok);
    const history = json(ran.out);
    expect(history.events.map((e: any) => [e.position, e.type, e.stateAfter.status])).toEqual([
      [0, 'AppealSubmitted', 'registered'],
      [1, 'AppealRegistered', 'registered'],
      [2, 'AppealRouted', 'routed'],
    ]);
    expect(history.events[0]).toMatchObject({
      schemaVersion: 1,
      service: 'intake',
      actor: { role: 'applicant' },
    });
    expect(history.events[0].decoded.text).toMatchObject({ alg: 'A256GCM' });
    expect(history.personalData).toMatchObject({ opened: false, erasures: [] });
    expect(ran.out).not.toContain('Айгерим');

    const text = await appeals(['history', ids[0]!], env);
    expect(text.out).toMatch(/#2 \S+ AppealRouted v1 by system:routing-rules \(routing\)/);
    expect(text.out).toMatch(/state: status="routed", agencyId="akimat-almaty-bostandyk"/);
    expect(text.out).toContain('"text":"[sealed]"');
  });

  it('opens personal data with the vault when asked, saying so on stderr', async () => {
    const ran = await appeals(['history', ids[1]!, '--open-personal-data', '--json'], env);
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.err).toMatch(/personal data opened/);
    const submitted = json(ran.out).events[0];
    expect(submitted.decoded.applicant).toEqual({
      type: 'individual',
      personal: { fullName: 'Айгерим Садыкова 1' },
    });
    expect(submitted.decoded.text).toBe('В доме по улице Тимирязева, 42 третью неделю нет отопления.');
    expect(submitted.stateAfter.applicant.personal).toEqual({ fullName: 'Айгерим Садыкова 1' });
  });

  it('exits 1 for an appeal the log does not hold', async () => {
    const ran = await appeals(['history', '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f'], env);
    expect(ran.code).toBe(EXIT.failed);
    expect(ran.out).toMatch(/no appeal 5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f in the log/);
  });
});

it('quarantine: an empty quarantine lists as [], an unknown entry exits 1', async () => {
  const list = await appeals(['quarantine', 'list', '--json'], env);
  expect(list.code).toBe(EXIT.ok);
  expect(json(list.out)).toEqual([]);
  expect((await appeals(['quarantine', 'show', '42'], env)).code).toBe(EXIT.failed);
});

it('calendar: export the years in effect, import a new one (recorded once), refuse a broken one', async () => {
  const file = join(dir, 'kz-2027.json');
  const exported = await appeals(
    ['calendar', 'export', '--profile', 'kz-appk', '--year', '2027', '--out', file],
    env,
  );
  expect(exported.code).toBe(EXIT.ok);
  const [y2027] = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, any>>;
  const y2028 = {
    ...y2027!,
    year: 2028,
    holidays: [{ date: '2028-01-01', name: 'Жаңа жыл', verified: false }],
  };
  Object.assign(y2028, { movedDaysOff: [], movedWorkingDays: [], verified: false });
  writeFileSync(join(dir, 'kz-2028.json'), JSON.stringify(y2028));

  const imported = await appeals(['calendar', 'import', join(dir, 'kz-2028.json'), '--json'], env);
  expect(imported.code).toBe(EXIT.ok);
  expect(json(imported.out).years).toEqual([
    { profileId: 'kz-appk', year: 2028, status: 'added', verified: false },
  ]);
  const again = await appeals(['calendar', 'export', '--profile', 'kz-appk', '--json'], env);
  expect(json(again.out).map((c: any) => c.year)).toEqual([2025, 2026, 2027, 2028]);

  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...y2028, year: 2029 }));
  const refused = await appeals(['calendar', 'import', join(dir, 'bad.json')], env);
  expect(refused.code).toBe(EXIT.failed);
  expect(refused.out).toMatch(/holidays\[0\]\.date: 2028-01-01 is not in year 2029/);
});

it('reference load: installs a checked catalog where the services read it; refuses a broken one naming the field', async () => {
  const current = join(dir, 'catalog.json');
  expect((await appeals(['reference', 'export', '--out', current], env)).code).toBe(EXIT.ok);
  const catalog = JSON.parse(readFileSync(current, 'utf8'));
  catalog.categories = catalog.categories.filter((c: { id: string }) => c.id !== 'healthcare');
  writeFileSync(join(dir, 'next.json'), JSON.stringify(catalog));
  const installed = join(dir, 'installed.json');
  const first = await appeals(['reference', 'load', current, '--to', installed, '--json'], env);
  expect(first.code).toBe(EXIT.ok);
  expect(json(first.out)).toMatchObject({ installed, changes: { categories: { added: [], removed: [] } } });
  const loaded = await appeals(['reference', 'load', join(dir, 'next.json'), '--json'], {
    ...env,
    CATALOG_FILE: installed,
  });
  expect(loaded.code).toBe(EXIT.ok);
  expect(json(loaded.out)).toMatchObject({ installed, changes: { categories: { removed: ['healthcare'] } } });
  expect(JSON.parse(readFileSync(installed, 'utf8'))).toEqual(catalog);

  catalog.routingRules[0].agencyId = 'nobody';
  writeFileSync(join(dir, 'broken.json'), JSON.stringify(catalog));
  const refused = await appeals(['reference', 'load', join(dir, 'broken.json'), '--to', installed], env);
  expect(refused.code).toBe(EXIT.failed);
  expect(refused.out).toMatch(/unknown agency nobody/);
});

it('verify after a row was edited in the file: exit 1 naming the first bad event', async () => {
  const db = new Database(join(dir, 'appeals.db'));
  db.prepare("UPDATE events SET type = 'AppealWithdrawn' WHERE global_position = 5").run();
  db.close();
  const ran = await appeals(['verify'], env);
  expect(ran.code).toBe(EXIT.failed);
  expect(ran.out).toMatch(/^TAMPERED: /);
  expect(ran.out).toMatch(/first bad event: global position 5, .*content does not match its hash/);
});
