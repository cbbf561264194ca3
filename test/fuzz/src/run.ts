import fc from 'fast-check';
import { checkOutcome, type Violation } from './check';
import { memoryVerdict, rssMb, type MemoryVerdict, type RssSample } from './memory';
import { operationsOf, type OpenApiDocument } from './openapi';
import { requestArb, type FuzzContext, type FuzzRequest } from './requests';
import { prepare } from './setup';
import { createSender } from './send';

export interface FuzzOptions {
  /** where the system answers, e.g. http://127.0.0.1:8080 */
  origin: string;
  /** the system's pid, for its RSS (none: memory not measured) */
  pid?: number;
  requests: number;
  seed: number;
  concurrency: number;
  /** the server's JSON body limit in bytes */
  bodyLimit?: number;
  /** appeals filed before fuzzing, so id-bearing routes find real appeals */
  seedAppeals?: number;
  /** allowed RSS growth (MB) between warm-up and the end */
  allowedGrowthMb?: number;
  /** per-request timeout (a longer silence is a hang) */
  timeoutMs?: number;
  /** whether the process is still alive (a crash ends the run) */
  alive?: () => boolean;
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
}

export interface Counts {
  requests: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx', number>;
}

export interface FuzzResult {
  sent: number;
  /** requests Node's client refused to send (not the server's doing) */
  unsent: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, Counts>;
  byTag: Record<string, number>;
  violations: Violation[];
  /** violations per rule (all of them; `violations` keeps the first 50) */
  violationCounts: Record<string, number>;
  memory?: MemoryVerdict | undefined;
  rss: RssSample[];
  durationMs: number;
  seed: number;
  operations: number;
  /** the statuses the filed appeals were brought to before fuzzing */
  staged: string[];
  crashed: boolean;
}

const BATCH = 500;
const KEEP_VIOLATIONS = 50;

const classOf = (status: number) => `${Math.floor(status / 100)}xx` as keyof Counts['byClass'];

/** Generates `requests` requests from the system's OpenAPI document, sends them, checks every answer. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const t0 = performance.now();
  const doc = (await (await fetch(`${options.origin}/openapi.json`)).json()) as OpenApiDocument;
  const setup = await prepare(options.origin, options.seedAppeals ?? 12);
  const operations = operationsOf(doc);
  const ctx: FuzzContext = {
    operations,
    schema: { components: doc.components?.schemas ?? {}, hints: setup.hints },
    callers: setup.callers,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
  };
  const sender = createSender(options.origin, {
    sockets: options.concurrency,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const result: FuzzResult = {
    sent: 0,
    unsent: 0,
    byStatus: {},
    byOperation: {},
    byTag: {},
    violations: [],
    violationCounts: {},
    rss: [],
    durationMs: 0,
    seed: options.seed,
    operations: operations.length,
    staged: setup.statuses,
    crashed: false,
  };
  const sample = () => {
    const mb = options.pid === undefined ? undefined : rssMb(options.pid);
    if (mb !== undefined) result.rss.push({ requests: result.sent, mb });
  };
  sample();
  const sampler = setInterval(sample, 250);
  const record = (req: FuzzRequest, outcome: Awaited<ReturnType<typeof sender.send>>) => {
    if (outcome.kind === 'failure' && outcome.error.startsWith('not sent')) {
      result.unsent++;
      return;
    }
    result.sent++;
    const counts = (result.byOperation[req.operation] ??= {
      requests: 0,
      byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    });
    counts.requests++;
    for (const tag of req.tags) result.byTag[tag] = (result.byTag[tag] ?? 0) + 1;
    const status = outcome.kind === 'response' ? String(outcome.status) : 'no answer';
    result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
    if (outcome.kind === 'response') counts.byClass[classOf(outcome.status)]++;
    const violation = checkOutcome(req, outcome);
    if (violation) {
      result.violationCounts[violation.rule] = (result.violationCounts[violation.rule] ?? 0) + 1;
      if (result.violations.length < KEEP_VIOLATIONS) result.violations.push(violation);
    }
  };
  try {
    for (let batch = 0; result.sent + result.unsent < options.requests; batch++) {
      if (options.alive && !options.alive()) {
        result.crashed = true;
        break;
      }
      const size = Math.min(BATCH, options.requests - result.sent - result.unsent);
      const requests = fc.sample(requestArb(ctx), { seed: options.seed + batch, numRuns: size });
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const req = requests[next++]!;
          record(req, await sender.send(req));
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      options.onProgress?.(result.sent + result.unsent, options.requests, performance.now() - t0);
    }
  } finally {
    clearInterval(sampler);
    sender.close();
  }
  sample();
  if (options.alive && !options.alive()) result.crashed = true;
  result.memory = memoryVerdict(result.rss, options.allowedGrowthMb ?? 50);
  result.durationMs = performance.now() - t0;
  return result;
}

/** Whether the run kept every promise: no violation, no crash, memory flat (when measured). */
export const passed = (r: FuzzResult): boolean =>
  r.violations.length === 0 && !r.crashed && (r.memory === undefined || r.memory.flat);
