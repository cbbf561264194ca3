import { Command, InvalidArgumentError, Option } from 'commander';
import { operationTable, summaryTable, violationReport } from './report';
import { passed, runFuzz } from './run';
import { startTarget, type FuzzTarget } from './system';

const positive = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};

const program = new Command('pnpm fuzz')
  .description(
    'Sends generated requests (from the OpenAPI document) to the embedded system: every route, every role, bad ' +
      'input of every kind. Fails on any 5xx, a 4xx that is not problem+json, a dropped or hung request, a crash, ' +
      'or memory that keeps growing.',
  )
  .option('--requests <n>', 'how many requests', positive, 100_000)
  .addOption(
    new Option('--seed <n>', 'random seed (the same seed sends the same requests)')
      .argParser((v) => Number.parseInt(v, 10))
      .default(Date.now() % 2 ** 31, 'a new one, printed with the results'),
  )
  .option('--concurrency <n>', 'requests in flight', positive, 16)
  .option('--max-growth-mb <n>', 'allowed RSS growth after warm-up', positive, 50)
  .option('--base <url>', 'fuzz a system already running here instead of starting one (memory not measured)')
  .option('--pid <n>', 'with --base: the pid whose memory to watch', positive);

/** Requests done, rate and time left: on one updating line on a terminal, else a line per 10,000. */
function progress(done: number, total: number, elapsedMs: number) {
  const rate = done / (elapsedMs / 1000);
  const line = `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}  ${rate.toFixed(0)} req/s  ETA ${Math.max(0, (total - done) / rate).toFixed(0)} s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}   `);
  else if (done % 10_000 === 0 || done === total) process.stderr.write(`${line}\n`);
}

async function main() {
  const opts = program.parse().opts<{
    requests: number;
    seed: number;
    concurrency: number;
    maxGrowthMb: number;
    base?: string;
    pid?: number;
  }>();
  let target: FuzzTarget | undefined;
  if (!opts.base) {
    process.stderr.write('Starting the embedded system…\n');
    target = await startTarget();
  }
  const origin = opts.base ? new URL(opts.base).origin : target!.origin;
  const stop = async () => void (await target?.stop());
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const result = await runFuzz({
      origin,
      pid: target?.pid ?? opts.pid,
      requests: opts.requests,
      seed: opts.seed,
      concurrency: opts.concurrency,
      allowedGrowthMb: opts.maxGrowthMb,
      ...(target ? { alive: target.alive } : {}),
      onProgress: progress,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(`\n${summaryTable(result)}\n\n${operationTable(result)}\n`);
    if (!passed(result)) {
      console.log(
        `FAILED — ${result.violations.length} violation(s) shown:\n${violationReport(result, origin)}`,
      );
      if (target) console.log(`\nThe system's last log lines:\n${target.tail()}`);
      process.exitCode = 1;
    } else console.log(`Passed: no 5xx, every 4xx problem+json, memory flat (seed ${result.seed}).`);
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
