import { Command, InvalidArgumentError } from 'commander';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runChaos } from './chaos';
import { loadChaosEnv } from './env';
import { chaosTable, writeChaosSection } from './report';

const count = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
  return n;
};

const program = new Command('chaos')
  .description(
    'Files appeals into a fresh cluster while each process is SIGKILLed and restarted in turn and Kafka and PostgreSQL restart once each; then checks nothing was lost, duplicated or left behind. Exit 0: every check held; 1: one failed; 2: the run could not start.',
  )
  .option('--appeals <n>', 'appeals to file', count(1), 10_000)
  .option('--concurrency <n>', 'clients filing at once', count(1), 16)
  .option('--no-servers', 'leave Kafka and PostgreSQL running (faults on the processes only)')
  .option('--converge-within <ms>', 'how long the views may lag after the last fault', count(0), 10_000)
  .option('--calm', 'inject no faults: a baseline run with the same checks')
  .option('--keep', "leave the run's schema, topics and database on the servers, to look into")
  .option('--docs', 'write the result into docs/reliability.md')
  .option('--json', 'print the result as JSON');

async function main(): Promise<number> {
  const options = program.parse().opts<{
    appeals: number;
    concurrency: number;
    servers: boolean;
    convergeWithin: number;
    docs?: boolean;
    json?: boolean;
    calm?: boolean;
    keep?: boolean;
  }>();
  const env = loadChaosEnv();
  if (typeof env === 'string') {
    process.stderr.write(`chaos: ${env}\n`);
    return 2;
  }
  const processLog = join(tmpdir(), `appeals-chaos-${process.pid}.log`);
  process.stderr.write(`chaos: process output in ${processLog}\n`);
  const result = await runChaos(env, {
    appeals: options.appeals,
    concurrency: options.concurrency,
    servers: options.servers,
    convergeWithinMs: options.convergeWithin,
    log: (line) => process.stderr.write(`${line}\n`),
    processLog,
    calm: options.calm === true,
    keep: options.keep === true,
  });
  process.stdout.write(`${options.json ? JSON.stringify(result, null, 2) : chaosTable(result)}\n`);
  if (options.docs) {
    const root = resolve(__dirname, '../../..');
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const heading = `\`pnpm chaos --appeals ${options.appeals} --concurrency ${options.concurrency}${options.servers ? '' : ' --no-servers'}\`, ${new Date().toISOString().slice(0, 10)}, commit ${commit}, the 2-core machine (cluster, PostgreSQL, Kafka, FerretDB and the load on it).`;
    writeChaosSection(join(root, 'docs', 'reliability.md'), heading, result);
  }
  return result.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
