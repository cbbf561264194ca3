import type { Command } from 'commander';
import type { Quarantine, QuarantinedMessage } from '@appeals/bus';
import { decodeEvent, fromEventMessage } from '@appeals/contracts';
import { withJson, wholeNumber, type Context, type Plan, type Register } from '../context';
import { EXIT, UsageError, type Outcome } from '../outcome';
import { openEventStore } from '../stores';
import { locate, withStoreOptions, type WhereOptions } from '../where';

// `appeals quarantine`: messages consumer groups could never decode (ADR on event versioning). Exit 1 when there is
// nothing to do (no such entry) or a message is still undecodable.

/** Whether the current code decodes a quarantined message (envelope, then payload through the upcasters). */
export function redecode(entry: QuarantinedMessage): { ok: true } | { ok: false; error: string } {
  try {
    decodeEvent(fromEventMessage(entry));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One line per entry for a person: id, group, where it was, when, why. */
const line = (e: QuarantinedMessage) =>
  `${e.id}\t${e.groupId}\t${e.topic}/${e.partition}@${e.offset}\tkey ${e.key}\t${e.quarantinedAt}` +
  `${e.replayRequested ? '\treplay requested' : ''}\t${e.error}`;

async function list(q: Quarantine, options: { group?: string; limit: number }): Promise<Outcome> {
  const entries = await q.list({
    limit: options.limit,
    ...(options.group ? { groupId: options.group } : {}),
  });
  return {
    code: EXIT.ok,
    json: entries,
    text: entries.length ? entries.map(line) : ['the quarantine is empty'],
  };
}

async function show(q: Quarantine, id: string): Promise<Outcome> {
  const entry = await q.get(id);
  if (!entry)
    return {
      code: EXIT.failed,
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
  return { code: EXIT.ok, json: { ...entry, decodesNow: decoded.ok }, text };
}

/** Re-decodes each entry with the current code; marks those that decode for their group to deliver again. */
async function replay(ctx: Context, q: Quarantine, entries: QuarantinedMessage[]): Promise<Outcome> {
  const results: Array<{ id: string; replayRequested: boolean; error?: string }> = [];
  const progress =
    entries.length > 1
      ? ctx.progress({ unit: 'messages', rateUnit: 'messages', total: entries.length })
      : undefined;
  for (const entry of entries) {
    const decoded = redecode(entry);
    if (decoded.ok) results.push({ id: entry.id, replayRequested: await q.requestReplay(entry.id) });
    else results.push({ id: entry.id, replayRequested: false, error: decoded.error });
    progress?.update(results.length, `${results.filter((r) => r.replayRequested).length} replayed`);
  }
  progress?.stop();
  const refused = results.filter((r) => !r.replayRequested);
  return {
    code: refused.length === 0 && results.length > 0 ? EXIT.ok : EXIT.failed,
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

type QuarantineOptions = WhereOptions & { json?: boolean };

/** Runs `work` on the quarantine of the store the options (or the environment) name. */
const withQuarantine =
  (options: QuarantineOptions, work: (q: Quarantine, ctx: Context) => Promise<Outcome>) =>
  async (ctx: Context): Promise<Outcome> => {
    const store = await openEventStore(locate(options, ctx.env));
    try {
      return await work(store.quarantine, ctx);
    } finally {
      await store.close().catch(() => undefined);
    }
  };

/** The subcommands, each planned with the parent's options (where the store is, --json) merged with its own. */
function subcommands(quarantine: Command, plan: Plan) {
  const where = <T extends object>(own: T) =>
    ({ ...quarantine.opts<QuarantineOptions>(), ...own }) as QuarantineOptions & T;
  withJson(quarantine.command('list').description('the quarantined messages, oldest first'))
    .option('--group <id>', 'of one consumer group')
    .option('--limit <n>', 'at most this many', wholeNumber(1), 100)
    .action((own: { group?: string; limit: number; json?: boolean }) => {
      const o = where(own);
      plan(
        'quarantine',
        o.json,
        withQuarantine(o, (q) => list(q, o)),
      );
    });
  withJson(
    quarantine
      .command('show <id>')
      .description('one message: headers, value, and whether the current code decodes it'),
  ).action((id: string, own: { json?: boolean }) => {
    const o = where(own);
    plan(
      'quarantine',
      o.json,
      withQuarantine(o, (q) => show(q, id)),
    );
  });
  withJson(
    quarantine
      .command('replay [id]')
      .description(
        'decode again with the current code; if it decodes, its group delivers it again (exit 1 if not)',
      ),
  )
    .option('--all', 'every quarantined message (of --group), with progress')
    .option('--group <id>', 'with --all: of one consumer group')
    .action((id: string | undefined, own: { all?: boolean; group?: string; json?: boolean }) => {
      if ((id === undefined) === !own.all) throw new UsageError('replay takes an id or --all');
      const o = where(own);
      plan(
        'quarantine',
        o.json,
        withQuarantine(o, async (q, ctx) => {
          if (o.all) return replay(ctx, q, await everything(q, o.group));
          const entry = await q.get(id!);
          if (!entry) return { code: EXIT.failed, json: [], text: [`no quarantined message ${id}`] };
          return replay(ctx, q, [entry]);
        }),
      );
    });
}

/** `appeals quarantine list | show <id> | replay <id> | replay --all`. */
export const registerQuarantine: Register = (program, plan) => {
  const quarantine = withJson(
    withStoreOptions(
      program
        .command('quarantine')
        .description(
          'Messages consumer groups could never decode: list them, show one, replay them once the code decodes them.',
        ),
    ),
  );
  subcommands(quarantine, plan);
};
