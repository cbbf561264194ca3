/** One appeal the platform acknowledged (201, or the stored answer of a repeated Idempotency-Key). */
export interface Acknowledged {
  n: number;
  id: string;
  trackingCode: string;
  at: number;
}

export interface LoadResult {
  acknowledged: Acknowledged[];
  /** requests sent, retries included */
  requests: number;
  /** retried answers and connection failures, by kind (`503`, `ECONNREFUSED`, …) */
  retried: Record<string, number>;
  /** appeals given up on: their last answer (a 4xx that is not worth retrying, or the budget spent) */
  failed: Array<{ n: number; reason: string }>;
}

export interface LoadOptions {
  /** the API's base, `http://127.0.0.1:8080/api/v1` */
  api: string;
  count: number;
  concurrency: number;
  /** told of every acknowledgement, in the order they come */
  onAck?: (ack: Acknowledged, acknowledgedSoFar: number) => void;
  /** makes appeal `n`'s body and idempotency key unique to this run */
  runId: string;
  /** how long one appeal may keep being retried (default 240 s: a Kafka or PostgreSQL restart fits in it) */
  budgetMs?: number;
  /** resolves when appeal `n` may be sent (the fault schedule holds the load back while a fault lasts) */
  before?: (n: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Answers a client retries with the same Idempotency-Key: the platform did not (or may not have) taken it. */
const RETRIED = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

const ISSUES = [
  'прошу отремонтировать протекающую крышу нашего многоквартирного дома',
  'во дворе третью неделю не работает уличное освещение',
  'автобус по маршруту до поликлиники ходит раз в час вместо обещанных пятнадцати минут',
  'в школе холодно: отопление включают только к обеду',
  'из крана идёт ржавая вода, анализ никто не проводит',
  'контейнеры для мусора не вывозят с начала месяца',
  'на дороге к детскому саду глубокие ямы, машины ломаются',
  'в поликлинике запись к терапевту только через три недели',
  'детскую площадку разобрали и не поставили новую',
  'тротуары не чистят от снега, пожилые люди падают',
  'ночью на стройке работает техника и шумит до утра',
  'пенсию перечислили не полностью и не объяснили причину',
];
const STREETS = [
  'Абая',
  'Сейфуллина',
  'Жибек Жолы',
  'Толе би',
  'Богенбай батыра',
  'Кабанбай батыра',
  'Республики',
  'Ауэзова',
];
const DETAILS = [
  'Жители обращались устно, ответа не получили.',
  'Прилагаю фотографии, сделанные на прошлой неделе.',
  'Прошу сообщить сроки и ответственного исполнителя.',
  'Ситуация повторяется каждый год в это время.',
  'Соседи готовы подписаться под этим обращением.',
];
const SINCE = [
  'С весны',
  'Уже второй месяц',
  'После ремонта прошлым летом',
  'С начала отопительного сезона',
  'Третий год подряд',
  'С тех пор как сменилась управляющая компания',
  'После обращения в прошлом году',
];
const pick = <T>(list: readonly T[], n: number, prime: number): T => list[(n * prime) % list.length]!;

/**
 * The request body of appeal `n`: two categories (two routing rules), a distinct subject, and a text made of an
 * issue, since when, an address and a remark chosen by `n` (a pattern of 840), so appeals are told apart as
 * citizens' are and only a few repeat one another (a run of near-identical texts would test the duplicate search's
 * worst case, which FerretDB serves by reading every twin, not the cluster's faults).
 */
export const chaosAppeal = (runId: string, n: number) => ({
  kind: 'application',
  categoryId: n % 2 ? 'housing_utilities' : 'education',
  regionKato: '751510000',
  language: 'ru',
  subject: `Проверка устойчивости ${runId} № ${n}`,
  text: [
    `${pick(SINCE, n, 11)} ${pick(ISSUES, n, 7)}.`,
    `Адрес: улица ${pick(STREETS, n, 5)}, дом ${(n % 97) + 1}.`,
    pick(DETAILS, n, 3),
    `Обращение ${n} прогона ${runId}.`,
  ].join(' '),
  applicant: { type: 'individual', fullName: 'Тест Хаосов' },
});

/** The kind of a failed request: the errno of a connection failure, else its message. */
function failureKind(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? 'error';
}

/**
 * Files one appeal as a careful client does: the same Idempotency-Key on every attempt, retrying connection
 * failures, 5xx, 408/409/425/429 with backoff until the budget is spent. Resolves with the acknowledgement or why not.
 */
async function fileOne(
  options: LoadOptions,
  n: number,
  tally: { requests: number; retried: Record<string, number> },
): Promise<Acknowledged | { reason: string }> {
  const body = JSON.stringify(chaosAppeal(options.runId, n));
  const headers = { 'content-type': 'application/json', 'idempotency-key': `chaos-${options.runId}-${n}` };
  const giveUpAt = Date.now() + (options.budgetMs ?? 240_000);
  let reason = 'budget spent before any answer';
  for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
    if (attempt > 0) await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
    tally.requests++;
    let kind: string;
    try {
      const res = await fetch(`${options.api}/appeals`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status === 201 || res.status === 200) {
        const { id, trackingCode } = JSON.parse(text) as { id: string; trackingCode: string };
        return { n, id, trackingCode, at: Date.now() };
      }
      kind = String(res.status);
      reason = `${res.status} ${text.slice(0, 200)}`;
      if (!RETRIED.has(res.status)) return { reason };
    } catch (error) {
      kind = failureKind(error);
      reason = `${kind}: ${(error as Error).message}`;
    }
    tally.retried[kind] = (tally.retried[kind] ?? 0) + 1;
  }
  return { reason };
}

/** Files `count` appeals from `concurrency` clients at once; resolves when each is acknowledged or given up. */
export async function fileAppeals(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: [], requests: 0, retried: {}, failed: [] };
  let next = 0;
  const client = async () => {
    while (next < options.count) {
      const n = next++;
      await options.before?.(n);
      const outcome = await fileOne(options, n, result);
      if ('reason' in outcome) {
        result.failed.push({ n, reason: outcome.reason });
      } else {
        result.acknowledged.push(outcome);
        options.onAck?.(outcome, result.acknowledged.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, client));
  return result;
}
