// Child process for the cross-process race test in sqliteEventStore.contract.test.ts.
// It loads the TypeScript adapter through SWC, waits for 'go', races the other children, and reports.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { randomUUID } = require('node:crypto');
const { isConcurrencyError } = require('@appeals/eventstore');
const { createSqliteEventStore } = require('./sqliteEventStore.ts');

const [filename, runId, rounds, appends] = process.argv.slice(2);
const store = createSqliteEventStore({ filename, busyTimeoutMs: 10000 });

const race = async () => {
  // Phase 1: everyone creates the same stream with no_stream; exactly one may win each round.
  const wonRounds = [];
  for (let round = 0; round < Number(rounds); round++) {
    try {
      await store.append(
        `${runId}-create-${round}`,
        [{ id: randomUUID(), type: 'Created', data: { pid: process.pid } }],
        {
          expectedVersion: 'no_stream',
        },
      );
      wonRounds.push(round);
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
  }
  // Phase 2: everyone appends to one stream at the revision it last read, retrying on conflict.
  const counter = `${runId}-counter`;
  const appended = [];
  let conflicts = 0;
  while (appended.length < Number(appends)) {
    const stream = await store.readStream(counter);
    const expectedVersion = stream.length === 0 ? 'no_stream' : stream.length - 1;
    const id = randomUUID();
    try {
      await store.append(counter, [{ id, type: 'Counted', data: { pid: process.pid } }], { expectedVersion });
      appended.push(id);
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      conflicts++;
    }
  }
  return { wonRounds, appended, conflicts };
};

process.on('message', (message) => {
  if (message !== 'go') return;
  race()
    .then((result) => process.send({ ok: true, ...result }))
    .catch((error) => process.send({ ok: false, error: String(error && error.stack) }))
    .finally(() => store.close().then(() => process.disconnect()));
});
process.send('ready');
