import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processEnv } from './env';
import { EXIT } from './outcome';
import {
  appeals,
  appealsCommandLine,
  collected,
  EVENTS_PER_APPEAL,
  fileAppeals,
  type Ran,
} from './testFolder';

// Long commands in a pseudo-terminal (util-linux `script`, on every Debian machine): the progress bar is drawn,
// redrawn in place with its rate and time left; the same commands with stderr piped print plain lines and no bar.

jest.setTimeout(180_000);

const APPEALS = 1_000; // 3,000 events: a few pages of the log, so the bar is drawn more than once
const EVENTS = APPEALS * EVENTS_PER_APPEAL;
const dir = mkdtempSync(join(tmpdir(), 'appeals-cli-terminal-'));

beforeAll(async () => {
  await fileAppeals(dir, APPEALS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `appeals …` in a pseudo-terminal: what the terminal received (stdout and stderr together), and the exit. */
const inTerminal = (args: string[]): Promise<Ran> =>
  // -e: script exits with the command's code; the transcript goes to /dev/null, the terminal's output to stdout
  collected(
    spawn('script', ['-q', '-e', '-c', appealsCommandLine(args), '/dev/null'], {
      env: { PATH: processEnv().PATH ?? '', DATA_DIR: dir, TERM: 'xterm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );

const frames = (text: string, label: string) => text.split(`${label} [`).length - 1;

describe('rebuild', () => {
  it('on a terminal: a bar redrawn in place with the count, the rate and the time left', async () => {
    const ran = await inTerminal(['rebuild', '--batch-size', '250', '--poll-ms', '20']);
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.out).toMatch(
      new RegExp(
        `rebuild \\[[\\u2588\\u2591]{24}\\] \\d+% \\| \\d+/${EVENTS} events applied \\| \\d+ events/s \\| ETA \\S+`,
      ),
    );
    expect(ran.out).toContain(`rebuild [${'\u2588'.repeat(24)}] 100% | ${EVENTS}/${EVENTS} events applied`);
    expect(frames(ran.out, 'rebuild')).toBeGreaterThan(1); // drawn again as it went
    expect(ran.out).toContain('\u001b['); // in place: the cursor moved back, the line cleared
    expect(ran.out).toMatch(/done: generation \d+ is active, 3000 events/);
  });

  it('without a terminal: plain progress lines on stderr, no bar, no control sequences', async () => {
    const ran = await appeals(['rebuild', '--batch-size', '250'], { DATA_DIR: dir });
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.err).toMatch(
      new RegExp(`rebuild: ${EVENTS} of ~${EVENTS} events applied \\(100\\.0 %\\), \\d+ events/s, ETA 0s`),
    );
    expect(frames(ran.err, 'rebuild')).toBe(0);
    expect(ran.err + ran.out).not.toContain('\u2588');
    expect(ran.err + ran.out).not.toContain('\u001b[');
  });
});

describe('verify', () => {
  it('on a terminal: the bar with events checked, the rate and the time left; the verdict after it', async () => {
    const ran = await inTerminal(['verify', '--batch-size', '200', '--workers', '0']);
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.out).toMatch(
      new RegExp(
        `verify \\[[\\u2588\\u2591]{24}\\] \\d+% \\| \\d+/${EVENTS} events checked \\| \\d+ events/s \\| ETA \\S+ \\| \\d+ sealed`,
      ),
    );
    expect(ran.out).toMatch(new RegExp(`OK: ${EVENTS} events checked, ${EVENTS} sealed`));
  });

  it('without a terminal: plain lines', async () => {
    const ran = await appeals(['verify', '--batch-size', '200', '--workers', '0'], { DATA_DIR: dir });
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.err).toMatch(
      new RegExp(`verify: ${EVENTS} of ~${EVENTS} events checked \\(100\\.0 %\\), ${EVENTS} sealed`),
    );
    expect(ran.err).not.toContain('\u2588');
  });
});
