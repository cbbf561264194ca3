import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram, runCli } from './cli';
import { EXIT } from './outcome';

// The command line itself, run in this process: help on every command, usage and configuration errors (exit 2,
// a message naming what is wrong, never a stack trace), and --json on an error.

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every command and subcommand of the program, as the words that name it (`quarantine replay`). */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

const empty = mkdtempSync(join(tmpdir(), 'appeals-cli-unit-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('help', () => {
  const paths = commandPaths(buildProgram({ out: () => undefined, err: () => undefined }, () => undefined));

  it('lists every command the task asks for', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'rebuild',
        'verify',
        'history',
        'calendar export',
        'calendar import',
        'reference load',
        'quarantine list',
        'quarantine show',
        'quarantine replay',
        'keys rotate',
      ]),
    );
  });

  it.each(paths.map((p) => [p.join(' '), p]))(
    '`%s --help` prints its usage and exits 0',
    async (_name, path) => {
      const { code, out } = await cli([...(path as string[]), '--help']);
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(new RegExp(`^Usage: appeals ${(path as string[]).join(' ')}`));
      expect(out).toMatch(/-h, --help/);
    },
  );

  it('the program’s help names the exit codes and the docs', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/Exit codes[\s\S]*0 +done[\s\S]*1 +the command ran[\s\S]*2 +it could not run/);
    expect(out).toMatch(/docs\/operations\.md/);
  });

  it('no command: the usage on stderr, exit 2', async () => {
    const { code, err } = await cli([]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/^Usage: appeals/);
  });
});

describe('usage errors exit 2 with a message naming what is wrong, and no stack trace', () => {
  it.each([
    [
      ['rebuild', '--batch-size', '0'],
      /option '--batch-size <n>' argument '0' is invalid\. must be a whole number of at least 1/,
    ],
    [['verify', '--workers', '-1'], /--workers.*must be a whole number of at least 0/],
    [['history', 'not-an-id'], /argument 'appealId'\. must be an appeal id/],
    [['history', '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f', '--at', 'yesterday'], /--at.*must be a date-time/],
    [['calendar', 'export', '--year', 'soon'], /--year.*must be a whole number/],
    [['quarantine', 'replay'], /replay takes an id or --all/],
    [
      ['verify', '--data-dir', '/x', '--postgres-url', 'postgres://h/db'],
      /cannot be used with option '--data-dir/,
    ],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['verify', '--frob'], /unknown option '--frob'/],
  ])('%j', async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
    noStack(err);
  });

  it('a data folder without a log is named', async () => {
    const { code, err } = await cli(['verify', '--data-dir', empty]);
    expect(code).toBe(EXIT.usage);
    expect(err).toBe(`verify: ${join(empty, 'appeals.db')} does not exist`);
  });

  it('DATA_DIR and POSTGRES_URL both set, no option to choose: exit 2 saying how to choose', async () => {
    const { code, err } = await cli(['history', '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f'], {
      DATA_DIR: empty,
      POSTGRES_URL: 'postgres://127.0.0.1:1/x',
    });
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/both DATA_DIR and POSTGRES_URL are set: choose with --data-dir or --postgres-url/);
  });

  it('relative paths are relative to where pnpm was started (INIT_CWD)', async () => {
    const { err } = await cli(['verify', '--data-dir', 'nowhere'], { INIT_CWD: empty });
    expect(err).toContain(join(empty, 'nowhere', 'appeals.db'));
  });

  it('with --json, an error is also a JSON document on stdout', async () => {
    const { code, out } = await cli(['verify', '--json', '--data-dir', empty]);
    expect(code).toBe(EXIT.usage);
    expect(JSON.parse(out)).toEqual({ error: `${join(empty, 'appeals.db')} does not exist` });
  });

  it('the cluster views need a MongoDB URL', async () => {
    const { code, err } = await cli(['rebuild', '--postgres-url', 'postgres://127.0.0.1:1/none'], {});
    expect(code).toBe(EXIT.usage);
    expect(err).toBe('rebuild: the read views of the cluster: give --mongodb-url or set MONGODB_URL');
  });

  it('reference load without a place to install it: exit 2 saying where to', async () => {
    const { code, err } = await cli(['reference', 'export', '--out', join(empty, 'catalog.json')]).then(() =>
      cli(['reference', 'load', join(empty, 'catalog.json')]),
    );
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/set CATALOG_FILE or give --to <file>/);
  });
});
