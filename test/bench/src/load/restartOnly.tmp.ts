import { restartScenario } from '/work/main/test/bench/src/load/restart';
const events = Number(process.argv[2] ?? 100000);
void restartScenario(`/tmp/restart-data-${Date.now()}`, events).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });
