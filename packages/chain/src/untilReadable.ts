import type { ChainLog } from './port';

/**
 * Waits until readAll hands over `events` (at once, except where a store holds committed events back while an older
 * transaction on its server still runs: PostgreSQL's readAll, whose order is the order of visibility; the servers CI
 * shares run other suites' transactions meanwhile). For tests that seal or read the log right after appending.
 * Bounded: after `timeoutMs` it throws, saying why the events are not there.
 */
export async function untilReadable(
  store: Pick<ChainLog, 'readAll'>,
  events: ReadonlyArray<{ id: string }>,
  timeoutMs = 30_000,
): Promise<void> {
  const last = events.at(-1)?.id;
  if (last === undefined) return;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const all = await store.readAll({ limit: 1_000_000 });
    if (all.some((e) => e.id === last)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`untilReadable: readAll did not hand over ${last} within ${timeoutMs} ms (held back?)`);
}
