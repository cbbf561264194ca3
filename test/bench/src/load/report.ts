import type { CompareRow, SystemName } from './compare';

const ms = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x}`);

/** Project ÷ baseline appeals/s at the same client count, e.g. `0.13×`; `–` when either side is missing. */
export function ratio(rows: CompareRow[], system: SystemName, clients: number): string {
  const of = (name: SystemName) => rows.find((r) => r.system === name && r.clients === clients)?.result;
  const project = of(system);
  const baseline = of('CRUD baseline');
  if (!project || !baseline || baseline.appealsPerS === 0) return '–';
  return `${(project.appealsPerS / baseline.appealsPerS).toFixed(2)}×`;
}

/** The side-by-side table (markdown): one line per client count and system, with the ratio to the baseline. */
export function compareTable(rows: CompareRow[]): string {
  const lines = [
    '| clients | system | appeals | appeals/s | p50 ms | p95 ms | p99 ms | accept p50 ms | errors | ÷ baseline |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const clientCounts = [...new Set(rows.map((r) => r.clients))];
  for (const clients of clientCounts) {
    for (const row of rows.filter((r) => r.clients === clients)) {
      const r = row.result;
      const name = row.system === 'CRUD baseline' ? row.system : `**${row.system}**`;
      if (!r) {
        lines.push(`| ${clients} | ${name} | – | – | – | – | – | – | – | ${row.missing ?? ''} |`);
        continue;
      }
      const done = r.timedOut ? `${r.routed} of ${r.n} (deadline ${r.seconds} s)` : `${r.n}`;
      lines.push(
        `| ${clients} | ${name} | ${done} | ${r.appealsPerS} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ` +
          `${ms(r.acceptP50)} | ${r.errors} | ${row.system === 'CRUD baseline' ? '1' : ratio(rows, row.system, clients)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The first error descriptions of every run that had errors (so a reader sees what failed). */
export function errorNotes(rows: CompareRow[]): string[] {
  return rows
    .filter((r) => r.result && r.result.errors > 0)
    .map((r) => `- ${r.system}, ${r.clients} clients: ${r.result!.errorSamples.join('; ')}`);
}
