// The end-to-end load driver, run as its own process (never inside the system under test):
//   node --import tsx driver.ts BASE_URL N C [POLL_MS] [--wait WAIT_MS] [--deadline SECONDS] [--keyed]
// Files N appeals with C concurrent clients; each latency runs from the POST until the appeal reads back `routed`,
// read every POLL_MS, or with the server's wait condition (`?waitFor=routed&waitMs=`) when --wait is given; --keyed
// sends each filing with an `Idempotency-Key` of its own, as a careful client does (ADR 0027).
// Prints one JSON line (DriverResult). BASE_URL: the project's `http://127.0.0.1:PORT/api/v1`, or the CRUD
// baseline's `http://127.0.0.1:PORT` (same routes).
import { parseArgs } from 'node:util';
import { pool, summarize } from '../stats';

export interface DriverOptions {
  base: string;
  appeals: number;
  clients: number;
  pollMs: number;
  /** ask the server to hold each read until the appeal is routed, for at most this long (0: plain polling) */
  waitMs: number;
  /** stop issuing requests after this many seconds; appeals not routed by then count as errors */
  deadlineSeconds: number;
  /** send each filing with an `Idempotency-Key` of its own */
  keyed?: boolean;
}

export interface DriverResult {
  base: string;
  n: number;
  clients: number;
  pollMs: number;
  mode: 'poll' | 'wait';
  /** each filing carried an `Idempotency-Key` */
  keyed: boolean;
  seconds: number;
  /** appeals that read back routed, per second of the whole run */
  appealsPerS: number;
  routed: number;
  /** POST → routed, ms (nearest-rank percentiles) */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** POST → 201, ms */
  acceptP50: number | null;
  acceptP99: number | null;
  gets: number;
  errors: number;
  /** the first few distinct error descriptions */
  errorSamples: string[];
  timedOut: boolean;
}

/** The request body of appeal `i`: two categories, so routing applies two rules. */
export const appealBody = (i: number) =>
  JSON.stringify({
    kind: 'application',
    categoryId: i % 2 ? 'housing_utilities' : 'education',
    regionKato: '751510000',
    language: 'ru',
    subject: `Обращение ${i}`,
    text: 'Прошу рассмотреть вопрос о ремонте подъезда в доме по улице Абая, 12.',
    applicant: { type: 'individual', fullName: 'Тест Нагрузкин' },
  });

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drives the load and summarises it (exported for the bench's own tests of the driver against a stub server). */
export async function drive(options: DriverOptions): Promise<DriverResult> {
  const { base, appeals, clients, pollMs, waitMs } = options;
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const latencies: number[] = [];
  const accepts: number[] = [];
  const samples = new Set<string>();
  let errors = 0;
  let gets = 0;
  const started = performance.now();
  const deadline = started + options.deadlineSeconds * 1000;
  const fail = (what: string) => {
    errors++;
    if (samples.size < 5) samples.add(what);
  };
  const timeLeft = () => Math.max(1, Math.ceil(deadline - performance.now()));
  const query = (trackingCode: string) =>
    `trackingCode=${encodeURIComponent(trackingCode)}${waitMs > 0 ? `&waitFor=routed&waitMs=${waitMs}` : ''}`;

  const one = async (i: number) => {
    if (performance.now() >= deadline) return fail('deadline passed before the appeal was filed');
    const t0 = performance.now();
    const res = await fetch(`${base}/appeals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.keyed ? { 'idempotency-key': `bench-${run}-${i}` } : {}),
      },
      body: appealBody(i),
      signal: AbortSignal.timeout(timeLeft()),
    });
    if (res.status >= 300) return fail(`POST ${res.status} ${(await res.text()).slice(0, 120)}`);
    const { id, trackingCode } = (await res.json()) as { id: string; trackingCode?: string };
    accepts.push(performance.now() - t0);
    while (performance.now() < deadline) {
      gets++;
      const asked = performance.now();
      const read = await fetch(`${base}/appeals/${id}?${query(trackingCode ?? '')}`, {
        signal: AbortSignal.timeout(timeLeft()),
      });
      // not visible yet (404 until the read view has it) reads as not routed, like any other answer
      const view = (read.status === 200 ? await read.json() : (await read.text(), {})) as { status?: string };
      if (view.status === 'routed') return void latencies.push(performance.now() - t0);
      // a server without the wait condition answers at once: then poll as usual instead of spinning
      if (waitMs === 0 || performance.now() - asked < waitMs / 2) await sleep(pollMs);
    }
    fail('not routed before the deadline');
  };

  await pool(appeals, clients, async (i) => {
    try {
      await one(i);
    } catch (error) {
      // a request still in flight when the deadline comes is aborted (its signal's timeout is the time left),
      // while waiting for the answer or reading its body: the appeal was not routed before the deadline
      // (by name: the abort is a DOMException, which is not an `instanceof Error` of another realm, as under jest)
      if ((error as { name?: unknown } | null)?.name === 'TimeoutError')
        return fail('not routed before the deadline');
      // fetch's own message is "fetch failed": the cause says what failed (ECONNRESET, ECONNREFUSED, …)
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause ? ` (${cause.code ?? cause.message})` : '';
      const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
      fail(typeof message === 'string' ? `${String(name)}: ${message}${why}` : String(error));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const latency = summarize(latencies);
  const accept = summarize(accepts);
  return {
    base,
    n: appeals,
    clients,
    pollMs,
    mode: waitMs > 0 ? 'wait' : 'poll',
    keyed: options.keyed === true,
    seconds: Math.round(seconds * 100) / 100,
    appealsPerS: Math.round((latencies.length / seconds) * 10) / 10,
    routed: latencies.length,
    p50: round(latency.p50),
    p95: round(latency.p95),
    p99: round(latency.p99),
    acceptP50: round(accept.p50),
    acceptP99: round(accept.p99),
    gets,
    errors,
    errorSamples: [...samples],
    timedOut: performance.now() >= deadline,
  };
}

/** Reads the command line of the driver process. */
export function driverOptions(argv: string[]): DriverOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wait: { type: 'string', default: '0' },
      deadline: { type: 'string', default: '300' },
      keyed: { type: 'boolean', default: false },
    },
  });
  const [base, n = '400', c = '16', poll = '10'] = positionals;
  const options = {
    base: (base ?? '').replace(/\/+$/, ''),
    appeals: Number(n),
    clients: Number(c),
    pollMs: Number(poll),
    waitMs: Number(values.wait),
    deadlineSeconds: Number(values.deadline),
  };
  const keyed = values.keyed === true;
  if (!/^https?:\/\//.test(options.base)) throw new Error('BASE_URL must be an http(s) URL');
  for (const [key, value] of Object.entries(options))
    if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0))
      throw new Error(`${key} must be a number ≥ 0`);
  if (options.clients < 1 || options.appeals < 1) throw new Error('N and C must be at least 1');
  return { ...options, keyed };
}

if (require.main === module) {
  drive(driverOptions(process.argv.slice(2))).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
