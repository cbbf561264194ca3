import { describeRequest } from './check';
import type { FuzzResult } from './run';

const n = (value: number) => value.toLocaleString('en-US');
const mb = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(0)} MB`);

/** The run's figures as a Markdown table (what docs/reliability.md records). */
export function summaryTable(r: FuzzResult): string {
  const fives = Object.entries(r.byStatus)
    .filter(([status]) => status.startsWith('5'))
    .reduce((sum, [, count]) => sum + count, 0);
  const statuses = Object.entries(r.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${n(count)}`)
    .join(', ');
  const m = r.memory;
  const rows: Array<[string, string]> = [
    ['requests sent', n(r.sent)],
    [
      'operations covered',
      `${Object.keys(r.byOperation).filter((o) => o !== 'unknown route').length} of ${r.operations} (+ unknown routes)`,
    ],
    ['seed', String(r.seed)],
    ['appeals filed first, by status', stagedText(r.staged)],
    [
      'duration',
      `${(r.durationMs / 1000).toFixed(0)} s (${n(Math.round(r.sent / (r.durationMs / 1000)))} requests/s)`,
    ],
    ['responses by status', statuses],
    ['5xx responses', n(fives)],
    ['4xx not problem+json', n(r.violationCounts['problem-json'] ?? 0)],
    ['no answer (dropped, hung)', n(r.violationCounts.answered ?? 0)],
    ['process crashed', r.crashed ? 'yes' : 'no'],
    [
      'RSS start / floor after warm-up / floor at the end / max',
      m ? `${mb(m.startMb)} / ${mb(m.warmMb)} / ${mb(m.endMb)} / ${mb(m.maxMb)}` : 'not measured',
    ],
    [
      'RSS growth after warm-up',
      m ? `${m.growthMb >= 0 ? '+' : ''}${m.growthMb.toFixed(1)} MB (${m.flat ? 'flat' : 'GROWING'})` : '—',
    ],
  ];
  const deciles = rssDeciles(r);
  if (deciles) rows.push(['RSS after each tenth of the requests', deciles]);
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

const stagedText = (statuses: string[]) => {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${status} ${count}`).join(', ');
};

/** RSS (MB) when each tenth of the requests was done: a leak climbs steadily, a bounded cache levels off. */
function rssDeciles(r: FuzzResult): string | undefined {
  if (r.rss.length < 10 || r.sent === 0) return undefined;
  const at = (fraction: number) => r.rss.find((s) => s.requests >= fraction * r.sent)?.mb;
  return Array.from({ length: 10 }, (_, i) => at((i + 1) / 10))
    .map((mb) => (mb === undefined ? '—' : mb.toFixed(0)))
    .join(' · ');
}

/** Requests per operation and how they were answered. */
export function operationTable(r: FuzzResult): string {
  const rows = Object.entries(r.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([op, c]) =>
        `| \`${op}\` | ${n(c.requests)} | ${n(c.byClass['2xx'])} | ${n(c.byClass['4xx'])} | ${n(c.byClass['5xx'])} |`,
    );
  return ['| operation | requests | 2xx | 4xx | 5xx |', '|---|--:|--:|--:|--:|', ...rows].join('\n');
}

/** Each violation with a curl line that reproduces it. */
export function violationReport(r: FuzzResult, origin?: string): string {
  return r.violations
    .map((v, i) => `${i + 1}. [${v.rule}] ${v.message}\n  ${describeRequest(v.request, origin)}`)
    .join('\n');
}
