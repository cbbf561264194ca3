import { Catalog, demoCatalog, ReferenceDataSchema } from '@appeals/reference-data';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** The catalog file cannot be used; the message names the file and every bad field. */
export class CatalogFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`CATALOG_FILE ${file} is not a valid catalog:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'CatalogFileError';
  }
}

/** `agencies[3].name.kk` from zod's path. */
const fieldOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === 'number' ? `${field}[${key}]` : field ? `${field}.${String(key)}` : String(key),
    '',
  ) || '(the file)';

const problemsOf = (error: z.ZodError): string[] =>
  error.issues.map((issue) => `${fieldOf(issue.path)}: ${issue.message}`);

/**
 * The catalog of this deployment: the JSON file `file` names (the shape of `@appeals/reference-data`'s
 * `ReferenceDataSchema`: regions, agencies, categories, routingRules), or the demo seed when no file is given.
 * Throws a {@link CatalogFileError} naming each bad field, so a process refuses to start on a broken catalog.
 *
 * @example
 * loadCatalog(undefined);                  // the demo seed
 * loadCatalog('/etc/appeals/catalog.json'); // throws "CATALOG_FILE …: agencies[2].id: Invalid string: …"
 */
export function loadCatalog(file: string | undefined): Catalog {
  if (file === undefined) return demoCatalog();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CatalogFileError(file, [`cannot be read as JSON: ${message}`]);
  }
  const parsed = ReferenceDataSchema.safeParse(raw);
  if (!parsed.success) throw new CatalogFileError(file, problemsOf(parsed.error));
  try {
    const catalog = new Catalog(parsed.data); // checks every parent and routing rule names a known agency
    catalog.root(); // and that the agency tree has a top (the triage desk)
    return catalog;
  } catch (error) {
    throw new CatalogFileError(file, [error instanceof Error ? error.message : String(error)]);
  }
}
