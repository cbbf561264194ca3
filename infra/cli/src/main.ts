import { runCli } from './cli';
import type { InterruptHandler } from './context';
import { processEnv } from './env';
import { EXIT } from './outcome';

// The `appeals` process: stdout and stderr by lines, bars on stderr when it is a terminal, Ctrl-C given to the
// running command (a second one ends the process at once).

let handler: InterruptHandler | undefined;
let stopping = false;
process.on('SIGINT', () => {
  if (stopping || !handler || handler() === 'exit') process.exit(EXIT.interrupted);
  stopping = true;
});

void runCli(process.argv.slice(2), {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  env: processEnv(),
  terminal: process.stderr,
  onInterrupt: (h) => (handler = h),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`appeals: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.usage;
  },
);
