import {
  createJurisdictions,
  erasureEntry,
  historyEntry,
  openSealedParts,
  readAppealHistory,
  replayAppeal,
  type ReplayStep,
} from '@appeals/appeal-application';
import { createAppealDecider } from '@appeals/appeal-domain';
import { AppealId } from '@appeals/contracts';
import { InvalidArgumentError } from 'commander';
import { withJson, type Context, type Register } from '../context';
import { EXIT, UsageError, type Outcome } from '../outcome';
import { openEventStore, openVault } from '../stores';
import { locate, withStoreOptions, type WhereOptions } from '../where';

// `appeals history <appealId>`: an appeal's events in order, each in its current shape (upcast from the version it
// was written at) with the state the decider folds after it, as the auditor's replay shows it. Personal data stays
// sealed unless --open-personal-data opens it with the vault's keys, as the read routes do for auditors and admins.

interface HistoryOptions extends WhereOptions {
  openPersonalData?: boolean;
  at?: Date;
  json?: boolean;
}

const appealId = (value: string): string => {
  if (!AppealId.safeParse(value).success) throw new InvalidArgumentError('must be an appeal id (a UUID)');
  return value;
};
const instant = (value: string): Date => {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new InvalidArgumentError('must be a date-time, e.g. 2026-04-01T10:00:00+05:00');
  return at;
};

/** `appeals history <appealId> [--at TIME] [--open-personal-data]`. */
export const registerHistory: Register = (program, plan) => {
  withJson(
    withStoreOptions(
      program
        .command('history')
        .argument('<appealId>', 'the appeal (its id, a UUID)', appealId)
        .description(
          "Replays one appeal's history: its events in order, upcast to their current shape, with the state after each " +
            'step. Personal data stays sealed unless --open-personal-data. Exit 1 when the appeal has no events.',
        ),
    ),
  )
    .option('--at <time>', 'only the events up to this moment (the state as of then)', instant)
    .option(
      '--open-personal-data',
      "open the applicant's sealed data with the vault's keys (embedded: keys.db and the keyring; cluster: PII_MASTER_KEY…)",
    )
    .action((id: string, options: HistoryOptions) =>
      plan('history', options.json, (ctx) => history(ctx, id, options)),
    );
};

/** Sealed blocks as a person reads them when they stay sealed. */
const hideSealed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(hideSealed);
  if (typeof value !== 'object' || value === null) return value;
  if ((value as { alg?: unknown }).alg === 'A256GCM') return '[sealed]';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSealed(v)]));
};

const short = (value: unknown, max = 160): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** Fields of a state shown per step at most (the whole state is in --json). */
const SHOWN_FIELDS = 8;

/** The state's fields that changed with a step, for a person: status first, at most {@link SHOWN_FIELDS}. */
function changed(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (keys.length === 0) return '(unchanged)';
  const shown = keys.slice(0, SHOWN_FIELDS).map((key) => `${key}=${short(hideSealed(after[key]), 80)}`);
  const more = keys.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, … ${more} more field(s) (--json has the whole state)` : ''}`;
}

interface Step {
  entry: ReturnType<typeof historyEntry> & { schemaVersion: number };
  decoded: unknown;
  state: Record<string, unknown>;
}

function text(
  id: string,
  steps: Step[],
  subject: { subjectId?: string | undefined; erasures: unknown[] },
): string[] {
  const lines = [
    `appeal ${id}: ${steps.length} event(s)${subject.subjectId ? `, data subject ${subject.subjectId}` : ''}`,
  ];
  for (const erased of subject.erasures as Array<{ time: string; actor: unknown }>)
    lines.push(`personal data erased ${erased.time} by ${short(erased.actor, 80)}`);
  let before: Record<string, unknown> = {};
  for (const { entry, decoded, state } of steps) {
    const actor = entry.actor as { role?: string; id?: string } | null;
    lines.push(
      `#${entry.position} ${entry.time} ${entry.type} v${entry.schemaVersion}` +
        ` by ${actor ? `${actor.role}:${actor.id}` : '-'} (${entry.service ?? '-'}), global ${entry.globalPosition}`,
      `    data:  ${JSON.stringify(hideSealed(decoded))}`,
      `    state: ${changed(before, state)}`,
    );
    before = state;
  }
  return lines;
}

async function history(ctx: Context, id: string, options: HistoryOptions): Promise<Outcome> {
  const location = locate(options, ctx.env);
  const store = await openEventStore(location, { readonly: true });
  const vault = options.openPersonalData ? await openVault(location, ctx.env) : undefined;
  try {
    const found = await readAppealHistory(store, id);
    if (!found)
      return { code: EXIT.failed, json: { error: `no appeal ${id}` }, text: [`no appeal ${id} in the log`] };
    const events = options.at
      ? found.events.filter((e) => Date.parse(e.time) <= options.at!.getTime())
      : found.events;
    if (events.length === 0)
      throw new UsageError(`appeal ${id} had no events by ${options.at!.toISOString()}`);
    let replayed: ReplayStep[];
    try {
      replayed = replayAppeal(createAppealDecider(createJurisdictions().rulesFor), events);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        code: EXIT.failed,
        json: { error: message },
        text: [`cannot replay appeal ${id}: ${message}`],
      };
    }
    if (vault) ctx.note('personal data opened with the vault: treat this output as personal data');
    const open = (value: unknown) => (vault ? openSealedParts(vault.vault, value) : Promise.resolve(value));
    const steps: Step[] = [];
    for (const step of replayed)
      steps.push({
        entry: { ...historyEntry(step.event), schemaVersion: Number(step.event.metadata.schemaVersion ?? 1) },
        decoded: await open(step.decoded.data),
        state: (await open(step.state)) as Record<string, unknown>,
      });
    const subject = { subjectId: found.subjectId, erasures: found.erasures.map(erasureEntry) };
    const json = {
      appealId: id,
      personalData: subject.subjectId ? { ...subject, opened: vault !== undefined } : null,
      events: steps.map((s) => ({ ...s.entry, decoded: s.decoded, stateAfter: s.state })),
    };
    return { code: EXIT.ok, json, text: text(id, steps, subject) };
  } finally {
    await vault?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}
