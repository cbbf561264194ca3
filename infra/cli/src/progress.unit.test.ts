import { Writable } from 'node:stream';
import { createProgress, type TerminalStream } from './progress';

// Progress: a bar redrawn in place on a terminal (rate and time left in it), plain lines anywhere else.

/** A stream that keeps what is written to it; a terminal of 120 columns when `tty`. */
function stream(tty: boolean) {
  let written = '';
  const s = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as Writable & TerminalStream;
  if (tty)
    Object.assign(s, {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
  return { s, written: () => written };
}

const spec = { label: 'rebuild', unit: 'events applied', rateUnit: 'events', total: 1000 };

it('draws a bar with the count, the rate and the time left on a terminal, and writes no plain line', () => {
  const terminal = stream(true);
  const lines: string[] = [];
  let now = 0;
  const progress = createProgress(spec, { terminal: terminal.s, line: (l) => lines.push(l), now: () => now });
  now = 2_000;
  progress.update(500, 'first pass');
  progress.stop();
  const drawn = terminal.written();
  expect(drawn).toMatch(
    /rebuild \[\u2588+\u2591+\] 50% \| 500\/1000 events applied \| 250 events\/s \| ETA 2s \| first pass/,
  );
  expect(lines).toEqual([]);
});

it('writes plain lines (at most one a second, and the last) when stderr is no terminal', () => {
  const piped = stream(false);
  const lines: string[] = [];
  let now = 0;
  const progress = createProgress(spec, { terminal: piped.s, line: (l) => lines.push(l), now: () => now });
  now = 500;
  progress.update(100); // the first report is written at once
  now = 900;
  progress.update(200); // within the second: not written
  now = 2_000;
  progress.update(1000);
  now = 2_100;
  progress.update(1000); // the same count again (a poll): held back
  progress.stop(); // the last count was written already: no repeat
  expect(lines).toEqual([
    'rebuild: 100 of ~1000 events applied (10.0 %), 200 events/s, ETA 5s',
    'rebuild: 1000 of ~1000 events applied (100.0 %), 500 events/s, ETA 0s',
  ]);
  expect(piped.written()).toBe('');
  expect(lines.join('\n')).not.toContain('\u001b[');
  expect(lines.join('\n')).not.toContain('\u2588');
});

it('stop writes the last count when the interval held it back', () => {
  const lines: string[] = [];
  let now = 0;
  const progress = createProgress(spec, { line: (l) => lines.push(l), now: () => now });
  progress.update(10);
  now = 100;
  progress.update(20);
  progress.stop();
  expect(lines.map((l) => l.split(',')[0])).toEqual([
    'rebuild: 10 of ~1000 events applied (1.0 %)',
    'rebuild: 20 of ~1000 events applied (2.0 %)',
  ]);
});
