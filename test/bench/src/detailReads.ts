import { pool, summarize } from './stats';

// `pnpm --filter @appeals/bench detail-reads BASE_API_URL`: the latency of GET /appeals/{id} on a running system
// (`http://127.0.0.1:8080/api/v1`; start it with the rate limit off, RATE_LIMIT_PER_WINDOW=0). It files
// BENCH_DETAIL_APPEALS appeals with personal data, waits until each reads back routed, then BENCH_DETAIL_CLIENTS
// clients read them BENCH_DETAIL_READS times in all, with the tracking code; since the views keep personal data sealed
// (docs/adr, sealed read views) each read opens it with the vault. Prints one JSON line per round. Run it against
// two builds to compare them. A benchmark, not a test: no thresholds.

const APPEALS = Number(process.env.BENCH_DETAIL_APPEALS ?? 200);
const READS = Number(process.env.BENCH_DETAIL_READS ?? 4000);
const CLIENTS = Number(process.env.BENCH_DETAIL_CLIENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_DETAIL_ROUNDS ?? 3);

const appeal = (i: number) => ({
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: `Обращение ${i}`,
  text: 'Прошу рассмотреть вопрос о ремонте подъезда в доме по улице Абая, 12.',
  applicant: {
    type: 'individual',
    fullName: 'Тест Нагрузкин',
    iin: '920415430819',
    phone: '+77052468135',
    email: 'test@example.kz',
    address: 'ул. Абая, 12',
  },
});

interface Filed {
  id: string;
  trackingCode: string;
}

async function fileAll(base: string): Promise<Filed[]> {
  const filed: Filed[] = [];
  for (let i = 0; i < APPEALS; i++) {
    const res = await fetch(`${base}/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(appeal(i)),
    });
    if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${await res.text()}`);
    filed.push((await res.json()) as Filed);
  }
  for (const a of filed)
    await (
      await fetch(`${base}/appeals/${a.id}?trackingCode=${a.trackingCode}&waitFor=routed&waitMs=10000`)
    ).text();
  return filed;
}

async function round(base: string, filed: Filed[]) {
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  await pool(READS, CLIENTS, async (i) => {
    const a = filed[i % filed.length]!;
    const t0 = performance.now();
    const res = await fetch(`${base}/appeals/${a.id}?trackingCode=${a.trackingCode}`);
    const body = (await res.json()) as { personalData?: string };
    samples.push(performance.now() - t0);
    if (res.status !== 200 || body.personalData !== 'present') errors++;
  });
  const seconds = (performance.now() - started) / 1000;
  const { p50, p95, p99 } = summarize(samples);
  const ms = (x: number) => Number(x.toFixed(2));
  return {
    reads: READS,
    clients: CLIENTS,
    readsPerS: Math.round(READS / seconds),
    p50: ms(p50),
    p95: ms(p95),
    p99: ms(p99),
    errors,
  };
}

async function main() {
  const base = process.argv[2];
  if (!base) throw new Error('usage: detail-reads BASE_API_URL (http://127.0.0.1:8080/api/v1)');
  const filed = await fileAll(base);
  for (let r = 0; r < ROUNDS; r++)
    console.log(JSON.stringify({ base, appeals: APPEALS, ...(await round(base, filed)) }));
}

void main();
