import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ChaosResult } from './chaos';

const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** The run as a Markdown table of figures, then its faults. */
export function chaosTable(r: ChaosResult): string {
  const retried = Object.entries(r.load.retried)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
  const chain =
    'events' in r.chain
      ? `${r.chain.ok ? 'verifies' : 'BROKEN'}: ${r.chain.events} events, ${r.chain.checkpoints} signed checkpoint(s)`
      : `could not run: ${r.chain.error}`;
  const parked = Object.values(r.deadLetters).reduce((a, b) => a + b, 0);
  const rows: Array<[string, string]> = [
    ['appeals filed (clients)', `${r.appeals} (${r.concurrency})`],
    ['acknowledged', String(r.load.acknowledged)],
    ['never acknowledged', String(r.load.failed.length)],
    ['requests sent (retries: same Idempotency-Key)', `${r.load.requests} (${retried || 'none'})`],
    ['lost (acknowledged, not in the log)', String(r.log.lost.length)],
    ['duplicated (submitted twice)', String(r.log.duplicated.length)],
    ['filed but never acknowledged', String(r.log.unacknowledged)],
    ['not routed exactly once', String(r.log.routedNotOnce.length)],
    ['views converged after the last fault', s(r.convergenceMs)],
    ['hash chain', chain],
    ['dead-letter / quarantine messages', String(parked)],
    ['processes that exited by themselves', r.crashed.join(', ') || 'none'],
    ['run took', s(r.durationMs)],
  ];
  const faults = r.faults.map(
    (f) => `| ${f.label} | ${s(f.at)} | ${f.error ? `did not come back: ${f.error}` : s(f.downMs)} |`,
  );
  return [
    '| measure | result |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| fault | at | until it answered again |',
    '|---|---|---|',
    ...faults,
    '',
    r.failures.length === 0
      ? '**Result: every check held.**'
      : `**Result: failed** — ${r.failures.join('; ')}.`,
  ].join('\n');
}

const BEGIN = '<!-- chaos:begin -->';
const END = '<!-- chaos:end -->';

/** Puts the run's section into docs/reliability.md between its markers (appended the first time). */
export function writeChaosSection(file: string, heading: string, r: ChaosResult): void {
  const section = `${BEGIN}\n${heading}\n\n${chaosTable(r)}\n${END}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Reliability\n';
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
