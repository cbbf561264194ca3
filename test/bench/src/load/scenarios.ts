import { compareSettings, compareSystems, scaledCluster, type CompareRow } from './compare';
import { restartScenario } from './restart';

export interface LoadFigures {
  settings: ReturnType<typeof compareSettings>;
  rows: CompareRow[];
  scaled?: Awaited<ReturnType<typeof scaledCluster>>;
  restart?: Awaited<ReturnType<typeof restartScenario>> | { missing: string };
  restartEvents: number;
}

/**
 * The measurements taken like a user: every system in its own process(es), driven by the driver process
 * (side by side with the CRUD baseline at each client count; the scaled cluster run; the embedded restart).
 */
export async function loadScenarios(dir: string, env = process.env): Promise<LoadFigures> {
  const settings = compareSettings(env);
  console.log(
    `\nSide by side, driver in its own process (${settings.waitMs > 0 ? `wait condition, ${settings.waitMs} ms` : `polling every ${settings.pollMs} ms`}):`,
  );
  const rows = await compareSystems(dir, settings);
  const scaled = await scaledCluster(settings);
  const restartEvents = Number(env.BENCH_RESTART_EVENTS ?? 100_000);
  let restart: LoadFigures['restart'];
  if (restartEvents > 0) {
    console.log(`\nEmbedded restart with ${restartEvents} events in the log:`);
    restart = await restartScenario(`${dir}/restart-data`, restartEvents).catch((error: unknown) => {
      console.log(`  failed: ${(error as Error).message}`);
      return { missing: (error as Error).message.split('\n')[0]! };
    });
  }
  return { settings, rows, ...(scaled ? { scaled } : {}), ...(restart ? { restart } : {}), restartEvents };
}
