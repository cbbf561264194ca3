import { Command, InvalidArgumentError } from 'commander';
import type { Quarantine, QuarantinedMessage } from '@appeals/bus';
import { decodeEvent, fromEventMessage } from '@appeals/contracts';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { loadVerifyLogEnv } from './env';
import { storeLocation, UsageError, withStoreOptions, type StoreOptions } from './storeLocation';

/** Exit codes: 0 done, 1 nothing to do (no such entry) or still undecodable, 2 the command could not run. */
export const QUARANTINE_EXIT = { ok: 0, refused: 1, failed: 2 } as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
}

interface Where extends StoreOptions {
  json?: boolean;
}

/** Whether the current code decodes a quarantined message (envelope, then payload through the upcasters). */
export function redecode(entry: QuarantinedMessage): { ok: true } | { ok: false; error: string } {
  try {
    decodeEvent(fromEventMessage(entry));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
};

/** One line per entry for a person: id, group, where it was, when, why. */
const line = (e: QuarantinedMessage) =>
  `${e.id}\t${e.groupId}\t${e.topic}/${e.partition}@${e.offset}\tkey ${e.key}\t${e.quarantinedAt}` +
  `${e.replayRequested ? '\treplay requested' : ''}\t${e.error}`;

/** What one subcommand did: its exit code and what to print. */
interface Outcome {
  code: number;
  json: unknown;
  text: string[];
}

async function list(q: Quarantine, options: { group?: string; limit: number }): Promise<Outcome> {
  const entries = await q.list({
    limit: options.limit,
    ...(options.group ? { groupId: options.group } : {}),
  });
  return {
    code: QUARANTINE_EXIT.ok,
    json: entries,
    text: entries.length ? entries.map(line) : ['the quarantine is empty'],
  };
}

async function show(q: Quarantine, id: string): Promise<Outcome> {
  const entry = await q.get(id);
  if (!entry)
    return {
      code: QUARANTINE_EXIT.refused,
      json: { error: `no quarantined message ${id}` },
      text: [`no quarantined message ${id}`],
    };
  const decoded = redecode(entry);
  const text = [
    line(entry),
    `headers: ${JSON.stringify(entry.headers)}`,
    `value: ${entry.value}`,
    decoded.ok ? 'decodes now: replay it' : `still undecodable: ${decoded.error}`,
  ];
  return { code: QUARANTINE_EXIT.ok, json: { ...entry, decodesNow: decoded.ok }, text };
}

/** Re-decodes each entry with the current code; marks those that decode for their group to deliver again. */
async function replay(q: Quarantine, entries: QuarantinedMessage[]): Promise<Outcome> {
  const results: Array<{ id: string; replayRequested: boolean; error?: string }> = [];
  for (const entry of entries) {
    const decoded = redecode(entry);
    if (decoded.ok) results.push({ id: entry.id, replayRequested: await q.requestReplay(entry.id) });
    else results.push({ id: entry.id, replayRequested: false, error: decoded.error });
  }
  const refused = results.filter((r) => !r.replayRequested);
  return {
    code: refused.length === 0 && results.length > 0 ? QUARANTINE_EXIT.ok : QUARANTINE_EXIT.refused,
    json: results,
    text: results.length
      ? results.map((r) =>
          r.replayRequested
            ? `${r.id}: replay requested; its consumer group delivers it again at its next look at the log`
            : `${r.id}: not replayed: ${r.error ?? 'gone meanwhile'}`,
        )
      : ['nothing to replay'],
  };
}

/** Every entry (of a group), page by page. */
async function everything(q: Quarantine, groupId: string | undefined): Promise<QuarantinedMessage[]> {
  const all: QuarantinedMessage[] = [];
  for (let after: string | undefined; ; ) {
    const page = await q.list({ limit: 500, ...(after ? { after } : {}), ...(groupId ? { groupId } : {}) });
    all.push(...page);
    if (page.length < 500) return all;
    after = page[page.length - 1]!.id;
  }
}

/** The command line: where the store is, then one of list / show / replay. */
function quarantineCommand(io: Io, run: (work: (q: Quarantine) => Promise<Outcome>) => void): Command {
  const program = withStoreOptions(
    new Command('quarantine').description(
      'Messages consumer groups could never decode: list them, show one, replay them once the code decodes them.',
    ),
  )
    .option('--json', 'print JSON')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  program
    .command('list')
    .description('the quarantined messages, oldest first')
    .option('--group <id>', 'of one consumer group')
    .option('--limit <n>', 'at most this many', positive, 100)
    .action((o: { group?: string; limit: number }) => run((q) => list(q, o)));
  program
    .command('show <id>')
    .description('one message: headers, value, and whether the current code decodes it')
    .action((id: string) => run((q) => show(q, id)));
  program
    .command('replay [id]')
    .description('decode again with the current code; if it decodes, its group delivers it again')
    .option('--all', 'every quarantined message (of --group)')
    .option('--group <id>', 'with --all: of one consumer group')
    .action((id: string | undefined, o: { all?: boolean; group?: string }) => {
      if ((id === undefined) === !o.all) throw new UsageError('replay takes an id or --all');
      run(async (q) => {
        if (o.all) return replay(q, await everything(q, o.group));
        const entry = await q.get(id!);
        if (!entry)
          return { code: QUARANTINE_EXIT.refused, json: [], text: [`no quarantined message ${id}`] };
        return replay(q, [entry]);
      });
    });
  return program;
}

/** Runs `quarantine` with `argv` (without node and the script); resolves with the exit code. */
export async function runQuarantine(
  argv: string[],
  io: Io = {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
  },
): Promise<number> {
  let work: ((q: Quarantine) => Promise<Outcome>) | undefined;
  const program = quarantineCommand(io, (w) => (work = w));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) io.err(`quarantine: ${error.message}`);
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? QUARANTINE_EXIT.ok : QUARANTINE_EXIT.failed;
  }
  if (!work) return QUARANTINE_EXIT.failed;
  let opened: { quarantine: Quarantine; close: () => Promise<void> } | undefined;
  try {
    opened = await open(program.opts<Where>(), io);
    const outcome = await work(opened.quarantine);
    if (program.opts<Where>().json) io.out(JSON.stringify(outcome.json, null, 2));
    else outcome.text.forEach((t) => io.out(t));
    return outcome.code;
  } catch (error) {
    io.err(`quarantine: ${error instanceof Error ? error.message : String(error)}`);
    return QUARANTINE_EXIT.failed;
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

/** The quarantine of the store the options (or the environment, as for verify-log) name. */
async function open(options: StoreOptions, io: Io) {
  const location = storeLocation(options, loadVerifyLogEnv(io.env));
  if (location.kind === 'postgres') {
    const store = await createPostgresEventStore({ connectionString: location.url, schema: location.schema });
    return { quarantine: store.quarantine, close: () => store.close() };
  }
  const store = createSqliteEventStore({ filename: location.file });
  return { quarantine: store.quarantine, close: () => store.close() };
}

if (require.main === module) {
  void runQuarantine(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
