import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = resolve(__dirname, '../../..');
export const composeDir = join(repoRoot, 'infra', 'compose');
export const k8sDir = join(repoRoot, 'infra', 'k8s');

export interface ParsedYaml {
  /** file name or label used in messages */
  label: string;
  /** one plain JS value per non-empty document */
  docs: unknown[];
  /** parse errors and warnings, each naming the file, line and column */
  problems: string[];
}

/** The YAML files of a folder (not recursive), sorted by name. */
export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Parses every document of a YAML stream. Merge keys (`<<: *anchor`) are honoured as Docker Compose does;
 * duplicate keys, bad indentation, unresolved aliases and any warning count as problems.
 */
export function parseYaml(text: string, label: string): ParsedYaml {
  const problems: string[] = [];
  const docs: unknown[] = [];
  for (const doc of parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: true })) {
    for (const error of doc.errors) problems.push(`${label}: ${error.message}`);
    for (const warning of doc.warnings) problems.push(`${label}: warning: ${warning.message}`);
    if (doc.errors.length > 0 || doc.contents === null) continue;
    try {
      docs.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (error) {
      // e.g. an alias to an anchor that is never set: found only when the document is resolved
      problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { label, docs, problems };
}

export function parseYamlFile(path: string): ParsedYaml {
  return parseYaml(readFileSync(path, 'utf8'), basename(path));
}

/** The single document of a file that must hold exactly one; throws with the parse problems otherwise. */
export function loadSingleDocument(path: string): unknown {
  const parsed = parseYamlFile(path);
  if (parsed.problems.length > 0) throw new Error(parsed.problems.join('\n'));
  if (parsed.docs.length !== 1)
    throw new Error(`${parsed.label}: expected one YAML document, found ${parsed.docs.length}`);
  return parsed.docs[0];
}
