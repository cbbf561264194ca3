import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';
import { compareTable, errorNotes } from './report';
import { summaryOf } from './compare';
import type { StartFigures } from './restart';
import type { LoadFigures } from './scenarios';

/** Sections of docs/benchmarks.md another tool writes (kept as they are). */
const KEPT_FROM = '\n## Web app first load';

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${sha} with uncommitted changes` : sha;
  } catch {
    return 'unknown';
  }
}

/** The BENCH_* variables this run was given, as a command prefix. */
const benchVariables = () =>
  Object.entries(process.env)
    .filter(([key]) => key.startsWith('BENCH_'))
    .map(([key, value]) => `${key}=${value} `)
    .join('');

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpu = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(2)} s`);

function restartSection(load: LoadFigures): string {
  const r = load.restart;
  if (!r) return '';
  const head = `### Embedded restart with ${load.restartEvents} events in the log\n\n`;
  if ('missing' in r) return `${head}Did not finish: ${r.missing}\n`;
  const line = (name: string, f: StartFigures) =>
    `| ${name} | ${s(f.healthMs)} | ${s(f.readyMs)} | ${s(f.quietMs)} | ${cpu(f.cpuAtHealth)} | ${cpu(f.cpuAtQuiet)} | ` +
    `${f.oldHandled ?? '(not counted)'} |`;
  return `${head}Seeded ${r.seeded.events} events (${r.seeded.appeals} appeals × 8: filed, registered, routed, executors assigned, hearing waived, answer drafted, approved, sent) through the application's commands into a fresh data folder in ${r.seeded.seconds.toFixed(0)} s. Then the embedded process (as in the table above) starts on it three times:

| start | /health answers | ready: an appeal filed then reads back routed | quiet: CPU < 5 % for 2 s | CPU until /health | CPU until quiet | old messages handed to consumers again |
|---|---|---|---|---|---|---|
${line('first start (consumers see the log for the first time)', r.first)}
${line('restart', r.restart)}
${line('restart, traced (counts; not timed)', r.counted)}

Times run from the spawn of the process. /health answers once the system has started (main.ts listens after \`start()\`);
"ready" is the user's view: the first appeal filed after /health is routed and visible. "Old messages handed again" counts
the consumer spans (\`consume appeals.events.v1\`, one per message and consumer group) that the traced restart sent to the
bench's own OTLP receiver, less those of the bench's fresh appeal (${r.counted.freshHandled ?? 0} here): 0 means no consumer
re-processes old events. The goal (issue 9): ready in ≤ 2 s and 0 old messages.
`;
}

function scaledSection(load: LoadFigures): string {
  const scaled = load.scaled;
  if (!scaled) return '';
  return `### Cluster, ${load.settings.scaledAppeals} appeals, ${scaled.replicas}

${scaled.row.clients} clients, deadline ${load.settings.scaledTimeoutSeconds} s: ${summaryOf(scaled.row)}${
    scaled.row.result?.errors ? `\n\nErrors: ${scaled.row.result.errorSamples.join('; ')}` : ''
  }
`;
}

/** Writes docs/benchmarks.md: this run's figures, then the sections other tools keep there; returns its path. */
export function writeBenchmarks(input: {
  rows: string[][];
  ratios: string[];
  load: LoadFigures;
  cores: number;
}): string {
  const { settings, rows } = input.load;
  const out = join(ROOT, 'docs/benchmarks.md');
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const kept = previous.includes(KEPT_FROM) ? previous.slice(previous.indexOf(KEPT_FROM)) : '';
  const errors = errorNotes(rows);
  const doc = `# Benchmarks

Measured with \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: ${input.cores} cores, Node ${process.version}, commit ${commit()},
load average ${loadavg()[0]!.toFixed(1)} when it started; \`${benchVariables()}pnpm bench\`${
    process.env.POSTGRES_URL ? ' with the servers of `infra/local/all.sh env`' : ''
  }. A benchmark, not a test: figures vary with the machine and what else runs
on it (this machine's 2 cores are shared with other work); compare the ratios measured in one run.

## Like a user: the started system vs a CRUD baseline

Each system runs as its own process(es) and the load driver (\`test/bench/src/load/driver.ts\`) as another: it files
N appeals with C concurrent clients; each latency runs from \`POST /appeals\` until \`GET /appeals/{id}\` reads back
\`routed\`, ${settings.waitMs > 0 ? `with the server's wait condition (\`waitFor=routed&waitMs=${settings.waitMs}\`)` : `polled every ${settings.pollMs} ms`}; appeals/s counts the routed ones over the whole run.
The **CRUD baseline** (\`load/crudBaseline.ts\`) is what a user might write instead: express + better-sqlite3 (WAL), the POST
stores a row already routed, the GET reads it. **embedded** is the gateway's \`start\` script (\`tsx src/main.ts\`) on a
fresh data folder; **cluster** is every process of \`pnpm start:cluster\` from its build on PostgreSQL, Kafka and FerretDB
(relay ×2, one process per service${Object.keys(settings.clusterScale).length ? `, ${JSON.stringify(settings.clusterScale)}` : ''}), in a namespace of its own. The rate limit is off (one client address
files everything). One system runs at a time. ÷ baseline = the system's appeals/s over the baseline's at the same clients.

| sizes | |
|---|---|
| N, baseline and embedded (\`BENCH_LOAD_APPEALS\`) | ${settings.appeals} (at least C) |
| N, cluster (\`BENCH_CLUSTER_LOAD_APPEALS\`) | ${settings.clusterAppeals} (at least C) |
| clients (\`BENCH_CLIENTS\`) | ${settings.clients.join(', ')} |
| deadline of a run (\`BENCH_RUN_TIMEOUT_S\`) | ${settings.runTimeoutSeconds} s |

${compareTable(rows)}
${errors.length ? `\nErrors seen:\n${errors.join('\n')}\n` : ''}
${scaledSection(input.load)}
${restartSection(input.load)}
## In-process micro-benchmarks

Measured in the bench process itself (sizes via \`BENCH_APPEALS\`, \`BENCH_E2E_APPEALS\`, \`BENCH_POLL_MS\`).

| scenario | figure | detail |
|---|---|---|
${input.rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Ratios in this run:
${input.ratios.join('\n')}

PostgreSQL and Kafka rows appear when \`POSTGRES_URL\` / \`KAFKA_BROKERS\` are set (\`pnpm infra:up\`); the cluster needs
\`MONGODB_URL\` too and \`pnpm build\`. Every knob of the run is listed in [test/bench/README.md](../test/bench/README.md).
${kept}`;
  writeFileSync(out, doc);
  return out;
}
