import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failuresOf, type ChaosResult } from './chaos';
import { faultSchedule, planFaults, runFaults } from './faults';
import { fileAppeals } from './load';
import { writeChaosSection } from './report';

/** A stub API: answers each Idempotency-Key with `answers` in turn (the last one from then on). */
async function stubApi(answers: number[]): Promise<{ api: string; keys: string[]; server: Server }> {
  const seen = new Map<string, number>();
  const keys: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      keys.push(key);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const status = answers[Math.min(n, answers.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(status === 201 ? { id: `id-${key}`, trackingCode: 'ABCDEF1234' } : { title: 'no' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { api: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, keys, server };
}

describe('the chaos load', () => {
  it('retries a 503 with the same Idempotency-Key until the appeal is acknowledged, once', async () => {
    const stub = await stubApi([503, 502, 201]);
    try {
      const result = await fileAppeals({ api: stub.api, count: 3, concurrency: 2, runId: 'r1' });
      expect(result.acknowledged.map((a) => a.n).sort()).toEqual([0, 1, 2]);
      expect(result.requests).toBe(9);
      expect(result.retried).toEqual({ '503': 3, '502': 3 });
      expect(new Set(stub.keys)).toEqual(new Set(['chaos-r1-0', 'chaos-r1-1', 'chaos-r1-2']));
    } finally {
      stub.server.close();
    }
  });

  it('gives up on an answer a retry cannot change (400), naming it', async () => {
    const stub = await stubApi([400]);
    try {
      const result = await fileAppeals({ api: stub.api, count: 1, concurrency: 1, runId: 'r2' });
      expect(result.acknowledged).toEqual([]);
      expect(result.failed).toEqual([{ n: 0, reason: expect.stringMatching(/^400 /) }]);
    } finally {
      stub.server.close();
    }
  });

  it('retries a connection that is refused (a killed gateway) until its budget is spent', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const api = `http://127.0.0.1:${port}/api/v1`;
    const result = await fileAppeals({ api, count: 1, concurrency: 1, runId: 'r3', budgetMs: 400 });
    expect(result.failed).toHaveLength(1);
    expect(result.retried.ECONNREFUSED).toBeGreaterThanOrEqual(1);
  });
});

const clean = (): Omit<ChaosResult, 'failures'> => ({
  appeals: 2,
  concurrency: 1,
  durationMs: 1,
  load: { acknowledged: 2, requests: 2, retried: {}, failed: [] },
  faults: [],
  log: { lost: [], duplicated: [], routedNotOnce: [], unacknowledged: 0, events: 10 },
  convergenceMs: 500,
  notConverged: [],
  viewReads: 2,
  chain: { ok: true, events: 10, sealed: 10, unsealed: 0, checkpoints: 1 },
  deadLetters: { 'chaos-x.appeals.dlq.v1': 0 },
  crashed: [],
});

describe('the chaos checks', () => {
  it('pass a run where everything held', () => {
    expect(failuresOf(clean(), 10_000)).toEqual([]);
  });

  it.each([
    ['a lost appeal', { log: { ...clean().log, lost: ['a'] } }, /missing from the log/],
    ['a duplicate', { log: { ...clean().log, duplicated: ['a'] } }, /submitted twice/],
    [
      'a second routing',
      { log: { ...clean().log, routedNotOnce: [{ id: 'a', routed: 2 }] } },
      /routed exactly once/,
    ],
    ['slow views', { convergenceMs: 10_001 }, /converged 10001 ms/],
    ['views that never converged', { convergenceMs: undefined, notConverged: ['a'] }, /never read routed/],
    ['a broken chain', { chain: { ok: false as const, error: 'x' } }, /chain does not verify/],
    ['a parked message', { deadLetters: { 'chaos-x.appeals.dlq.v1': 1 } }, /parked/],
    ['a crashed process', { crashed: ['routing'] }, /exited by themselves: routing/],
    [
      'a process that did not start again',
      { faults: [{ label: 'SIGKILL agency-feed', at: 1, recoveredAt: 2, downMs: 1, error: 'exited (1)' }] },
      /SIGKILL agency-feed: did not come back \(exited \(1\)\)/,
    ],
  ])('fail on %s', (_name, over, message) => {
    expect(failuresOf({ ...clean(), ...over }, 10_000)).toEqual([expect.stringMatching(message)]);
  });
});

describe('the chaos plan and report', () => {
  it('kills every process, the gateway last, then restarts Kafka and PostgreSQL', () => {
    const processes = () =>
      (['gateway', 'relay', 'intake'] as const).map((name, i) => ({ name, index: 1, label: `${name}${i}` }));
    const plan = planFaults({ processes } as never, true).map((f) => f.label);
    expect(plan).toEqual([
      'SIGKILL relay1',
      'SIGKILL intake2',
      'SIGKILL gateway0',
      'restart Kafka',
      'restart PostgreSQL',
    ]);
    expect(planFaults({ processes } as never, false)).toHaveLength(3);
  });

  it('starts fault k once k+1 of K+1 parts are sent and holds the load half a part past it until it recovered', () => {
    const schedule = faultSchedule(4, 100); // parts of 20: faults start at 20, 40, 60, 80; each holds from +10
    expect([0, 1, 2, 3].map(schedule.startsAt)).toEqual([20, 40, 60, 80]);
    expect([0, 29, 30, 49, 50, 89, 90, 99].map(schedule.waitsFor)).toEqual([0, 0, 1, 1, 2, 3, 4, 4]);
    expect(faultSchedule(0, 100).waitsFor(99)).toBe(0); // a calm run waits for nothing
  });

  it('files while every fault lasts, and after the last one has recovered', async () => {
    const events: string[] = [];
    let inFault: string | undefined;
    const cluster = {
      kill: async (name: string) => {
        inFault = name;
        events.push(`kill ${name}`);
      },
      restart: async (name: string) => {
        await new Promise((r) => setTimeout(r, 120));
        events.push(`back ${name}`);
        inFault = undefined;
      },
    };
    const faults = (['relay', 'routing'] as const).map((name) => ({
      kind: 'process' as const,
      name,
      index: 1,
      label: name,
    }));
    const run = runFaults(cluster as never, faults, { total: 30, startedAt: Date.now() }, () => {});
    const sentDuring: Record<string, number> = {};
    for (let n = 0; n < 30; n++) {
      await run.before(n);
      await new Promise((r) => setTimeout(r, 5)); // a request takes a while
      if (inFault) sentDuring[inFault] = (sentDuring[inFault] ?? 0) + 1;
      events.push(`sent ${n}`);
    }
    await run.records;
    // parts of 10: relay dies once 10 are sent, routing once 20 are; each holds the load from 5 past its start
    expect(events.indexOf('kill relay')).toBeGreaterThan(events.indexOf('sent 8'));
    expect(events.indexOf('back relay')).toBeLessThan(events.indexOf('sent 15'));
    expect(events.indexOf('kill routing')).toBeGreaterThan(events.indexOf('sent 18'));
    expect(events.indexOf('back routing')).toBeLessThan(events.indexOf('sent 25')); // filing after the last
    // in flight while each fault lasted: the appeal whose sending started it, and half a part more
    expect(sentDuring).toEqual({ relay: 6, routing: 6 });
    expect(events.at(-1)).toBe('sent 29');
  });

  it('writes its section into docs/reliability.md between markers, keeping the rest', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chaos-doc-')), 'reliability.md');
    writeFileSync(file, '# Reliability\n\n## Fuzzing\n\ntext\n');
    writeChaosSection(file, '## Chaos (first)', { ...clean(), failures: [] });
    writeChaosSection(file, '## Chaos (second)', { ...clean(), failures: ['x'] });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('## Fuzzing\n\ntext');
    expect(text).not.toContain('(first)');
    expect(text).toContain('## Chaos (second)');
    expect(text).toContain('**Result: failed** — x.');
  });
});
