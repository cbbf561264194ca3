// The scaled cluster scenario on its own (issue 9: 10,000 appeals with routing ×2 must end with 0 errors), without the
// rest of `pnpm bench`. Servers' env exported (bash infra/local/all.sh env) and the processes built (pnpm build):
//   BENCH_SCALED_APPEALS=10000 pnpm --filter @appeals/bench scaled
// (BENCH_SCALED_REPLICAS=routing=2, BENCH_SCALED_CLIENTS=16 and BENCH_POLL_MS=10 by default). Prints one JSON line with
// the replicas and the driver's figures; exits 1 when the run had errors or could not start.
import { compareSettings, scaledCluster } from './compare';

async function main() {
  const settings = compareSettings();
  if (settings.scaledAppeals === 0)
    throw new Error('BENCH_SCALED_APPEALS: how many appeals to file, e.g. 10000');
  const scaled = await scaledCluster(settings, (line) => console.error(line));
  if (!scaled) throw new Error('the scaled scenario did not run');
  const { row, replicas } = scaled;
  console.log(
    JSON.stringify({ replicas, ...(row.result ?? { clients: row.clients, missing: row.missing }) }),
  );
  if (!row.result || row.result.errors > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
