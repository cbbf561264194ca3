import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createJurisdictions, loadStoredCalendars, recordCalendarYear } from '@appeals/appeal-application';
import {
  builtinProfiles,
  getProfile,
  isCalendarError,
  parseYearCalendar,
  type YearCalendar,
} from '@appeals/calendar';
import type { Actor } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import { withJson, wholeNumber, type Context, type Register } from '../context';
import { failed, ok, UsageError, type Outcome } from '../outcome';
import { openEventStore } from '../stores';
import { locate, withStoreOptions, type WhereOptions } from '../where';

// `appeals calendar export | import`: the working-day calendars (packages/calendar). The years in effect are the
// shipped ones (2025–2027 per profile) with every year an admin loaded on top (events `CalendarYearLoaded` on stream
// `calendar-<profileId>`, what `PUT /api/v1/admin/calendars/{profileId}/{year}` records); an import records the same
// event, so it is audited and every service applies it.

const PROFILES = Object.keys(builtinProfiles);

interface ExportOptions extends WhereOptions {
  profile?: string;
  year?: number;
  out?: string;
  json?: boolean;
}

interface ImportOptions extends WhereOptions {
  dryRun?: boolean;
  json?: boolean;
}

/** The year calendars in effect: the shipped years with the loaded ones over them, per profile, ascending. */
async function calendarsInEffect(store: EventStore): Promise<YearCalendar[]> {
  const jurisdictions = createJurisdictions();
  await loadStoredCalendars(store, jurisdictions, PROFILES);
  const { book } = jurisdictions;
  return PROFILES.flatMap((profileId) => book.years(profileId).map((year) => book.getYear(profileId, year)));
}

async function exportCalendars(ctx: Context, options: ExportOptions): Promise<Outcome> {
  if (options.profile !== undefined && !PROFILES.includes(options.profile))
    throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
  const store = await openEventStore(locate(options, ctx.env), { readonly: true });
  try {
    const calendars = (await calendarsInEffect(store)).filter(
      (c) =>
        (options.profile === undefined || c.profileId === options.profile) &&
        (options.year === undefined || c.year === options.year),
    );
    if (calendars.length === 0) return failed([], ['no calendar year matches']);
    const years = calendars.map((c) => `${c.profileId} ${c.year}${c.verified ? '' : ' (not verified)'}`);
    if (!options.out) return ok(calendars, [JSON.stringify(calendars, null, 2)]);
    const file = ctx.path(options.out);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(calendars, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return ok({ file, years }, [`wrote ${calendars.length} year(s) to ${file}: ${years.join(', ')}`]);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** The year calendars of a file (one, or a list as `export` writes), each validated; what is wrong, named. */
function readCalendars(file: string): { calendars: YearCalendar[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${file} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const calendars: YearCalendar[] = [];
  const problems: string[] = [];
  (Array.isArray(raw) ? raw : [raw]).forEach((item, index) => {
    try {
      const calendar = parseYearCalendar(item);
      getProfile(calendar.profileId); // a profile this platform knows
      calendars.push(calendar);
    } catch (error) {
      if (!isCalendarError(error)) throw error;
      problems.push(`[${index}] ${error.message}`);
    }
  });
  return { calendars, problems };
}

/** The operator who ran the import, as the event's actor (an admin's action, done at the console). */
const operator = (): Actor => ({ id: `cli:${userInfo().username}`, role: 'admin' });

async function importCalendars(ctx: Context, file: string, options: ImportOptions): Promise<Outcome> {
  const { calendars, problems } = readCalendars(ctx.path(file));
  if (problems.length > 0) return failed({ refused: problems }, ['refused, nothing recorded:', ...problems]);
  const store = await openEventStore(locate(options, ctx.env), { readonly: options.dryRun === true });
  try {
    const inEffect = new Map(
      (await calendarsInEffect(store)).map((c) => [`${c.profileId}:${c.year}`, JSON.stringify(c)]),
    );
    const results = [];
    for (const calendar of calendars) {
      const key = `${calendar.profileId}:${calendar.year}`;
      const status =
        inEffect.get(key) === JSON.stringify(calendar)
          ? 'unchanged'
          : inEffect.has(key)
            ? 'replaced'
            : 'added';
      if (status !== 'unchanged' && !options.dryRun)
        await recordCalendarYear(store, calendar, { actor: operator(), service: 'cli' });
      results.push({
        profileId: calendar.profileId,
        year: calendar.year,
        status,
        verified: calendar.verified,
      });
    }
    const text = results.map(
      (r) =>
        `${r.profileId} ${r.year}: ${r.status}${options.dryRun && r.status !== 'unchanged' ? ' (dry run: not recorded)' : ''}`,
    );
    if (!options.dryRun && results.some((r) => r.status !== 'unchanged'))
      text.push('recorded: cluster processes apply it within seconds; the embedded system at its next start');
    return ok({ dryRun: options.dryRun === true, years: results }, text);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** `appeals calendar export | import`. */
export const registerCalendar: Register = (program, plan) => {
  const calendar = program
    .command('calendar')
    .description(
      'Working-day calendars (holidays, moved days) per jurisdiction profile: export the years in effect, import years.',
    );
  withJson(
    withStoreOptions(
      calendar
        .command('export')
        .description('the year calendars in effect (shipped, and loaded over them) as JSON'),
    ),
  )
    .option('--profile <id>', `one profile (${PROFILES.join(', ')})`)
    .option('--year <n>', 'one year', wholeNumber(1000))
    .option('--out <file>', 'write them to this file instead of stdout')
    .action((options: ExportOptions) =>
      plan('calendar', options.json, (ctx) => exportCalendars(ctx, options)),
    );
  withJson(
    withStoreOptions(
      calendar
        .command('import')
        .argument('<file>', 'a year calendar (JSON), or a list of them as `calendar export` writes')
        .description(
          'validates every year in the file, then records each new or changed one as CalendarYearLoaded (as the admin ' +
            'route does); exit 1 naming each problem when any year is refused (nothing is recorded then)',
        ),
    ),
  )
    .option('--dry-run', 'validate and compare only; record nothing')
    .action((file: string, options: ImportOptions) =>
      plan('calendar', options.json, (ctx) => importCalendars(ctx, file, options)),
    );
};
