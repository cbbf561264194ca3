import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { CatalogFileError, loadCatalog } from '@appeals/core';
import type { ReferenceData } from '@appeals/reference-data';
import { withJson, type Context, type Register } from '../context';
import { failed, ok, UsageError, type Outcome } from '../outcome';

// `appeals reference export | load`: the reference data (packages/reference-data: regions by KATO code, the agency
// tree, categories, routing rules). Every process reads it at start from CATALOG_FILE (the demo seed when unset) and
// refuses to start on a broken one (`loadCatalog`, packages/core); `load` runs that same check before it puts a
// file where the services read it, so a bad catalog is refused here rather than at the next start.

interface LoadOptions {
  to?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** The catalog in effect: CATALOG_FILE, else the demo seed. */
const inEffect = (ctx: Context) =>
  loadCatalog(ctx.env.CATALOG_FILE ? ctx.path(ctx.env.CATALOG_FILE) : undefined);

const LISTS = {
  regions: (d: ReferenceData) => d.regions.map((r) => r.kato),
  agencies: (d: ReferenceData) => d.agencies.map((a) => a.id),
  categories: (d: ReferenceData) => d.categories.map((c) => c.id),
  routingRules: (d: ReferenceData) => d.routingRules.map((r) => r.id),
} as const;

/** What a load is compared with: the catalog in effect, or nothing when CATALOG_FILE names a file not there yet. */
const current = (ctx: Context): ReferenceData =>
  ctx.env.CATALOG_FILE && !existsSync(ctx.path(ctx.env.CATALOG_FILE))
    ? { source: 'none', regions: [], agencies: [], categories: [], routingRules: [] }
    : inEffect(ctx).data;

/** Per list: how many entries, and which ids are added or removed against the catalog in effect. */
function compare(before: ReferenceData, after: ReferenceData) {
  return Object.fromEntries(
    Object.entries(LISTS).map(([list, ids]) => {
      const was = new Set(ids(before));
      const now = new Set(ids(after));
      return [
        list,
        {
          count: now.size,
          added: [...now].filter((id) => !was.has(id)),
          removed: [...was].filter((id) => !now.has(id)),
        },
      ];
    }),
  ) as Record<keyof typeof LISTS, { count: number; added: string[]; removed: string[] }>;
}

function writeAtomically(file: string, data: ReferenceData): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${file}.tmp`, file); // a reader never sees half a file
}

async function load(ctx: Context, file: string, options: LoadOptions): Promise<Outcome> {
  let catalog;
  try {
    catalog = loadCatalog(ctx.path(file));
  } catch (error) {
    if (!(error instanceof CatalogFileError)) throw error;
    return failed({ file: error.file, refused: error.problems }, [
      `refused: ${error.file}`,
      ...error.problems.map((p) => `  ${p}`),
    ]);
  }
  const changes = compare(current(ctx), catalog.data);
  const text = Object.entries(changes).map(
    ([list, c]) =>
      `${list}: ${c.count}${c.added.length ? `, added ${c.added.join(' ')}` : ''}${c.removed.length ? `, removed ${c.removed.join(' ')}` : ''}`,
  );
  if (changes.agencies.removed.length > 0)
    text.push(
      'warning: appeals still with a removed agency keep its id; route or forward them before loading',
    );
  const target = options.to ?? ctx.env.CATALOG_FILE;
  if (options.dryRun)
    return ok({ file, valid: true, changes, installed: null }, [
      'valid (dry run: installed nowhere)',
      ...text,
    ]);
  if (!target) throw new UsageError('where do the services read it? set CATALOG_FILE or give --to <file>');
  const installed = ctx.path(target);
  writeAtomically(installed, catalog.data);
  text.push(
    `installed as ${installed}: each process reads it at its next start (set CATALOG_FILE=${installed})`,
  );
  return ok({ file, valid: true, changes, installed }, text);
}

/** `appeals reference export | load`. */
export const registerReference: Register = (program, plan) => {
  const reference = program
    .command('reference')
    .description(
      'Reference data (regions by KATO code, agencies, categories, routing rules) the services read from CATALOG_FILE.',
    );
  withJson(
    reference
      .command('export')
      .description('the catalog in effect (CATALOG_FILE, else the demo seed) as JSON'),
  )
    .option('--out <file>', 'write it to this file instead of stdout')
    .action((options: { out?: string; json?: boolean }) =>
      plan('reference', options.json, async (ctx) => {
        const data = inEffect(ctx).data;
        if (!options.out) return ok(data, [JSON.stringify(data, null, 2)]);
        writeAtomically(ctx.path(options.out), data);
        return ok({ file: ctx.path(options.out) }, [`wrote the catalog to ${ctx.path(options.out)}`]);
      }),
    );
  withJson(
    reference
      .command('load')
      .argument('<file>', 'a catalog (JSON: source, regions, agencies, categories, routingRules)')
      .description(
        'checks the catalog as every process does at start (each bad field named; exit 1 when refused), shows what ' +
          'changes against the one in effect, and installs it where the services read it (--to, else CATALOG_FILE)',
      ),
  )
    .option('--to <file>', 'where to install it (default: CATALOG_FILE)')
    .option('--dry-run', 'check and compare only; install nothing')
    .action((file: string, options: LoadOptions) =>
      plan('reference', options.json, (ctx) => load(ctx, file, options)),
    );
};
