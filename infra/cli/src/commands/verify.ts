import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPublicKey, verifyLog, type LogVerifyReport } from '@appeals/chain';
import { withJson, wholeNumber, type Context, type Register } from '../context';
import { EXIT, type Outcome } from '../outcome';
import { openEventStore } from '../stores';
import {
  describeLocation,
  EMBEDDED,
  locate,
  withStoreOptions,
  type Location,
  type WhereOptions,
} from '../where';
import { openVerifyState } from './verifyState';

interface VerifyOptions extends WhereOptions {
  publicKey?: string[];
  batchSize: number;
  workers?: number;
  json?: boolean;
  state?: string;
}

/** `appeals verify`: the whole log, every stream chain, the global chain, the signed checkpoints. */
export const registerVerify: Register = (program, plan) => {
  withJson(
    withStoreOptions(
      program
        .command('verify')
        .alias('verify-log')
        .description(
          'Verifies the whole event log: every stream chain, the global chain, the signed checkpoints; names the first bad event. Exit 1 when it finds tampering.',
        ),
    ),
  )
    .option(
      '--public-key <file...>',
      `Ed25519 public key(s) (PEM) checkpoints must be signed with; env CHAIN_PUBLIC_KEY, else <data-dir>/${EMBEDDED.publicKey}`,
    )
    .option('--batch-size <n>', 'events read per page', wholeNumber(1), 5000)
    .option(
      '--workers <n>',
      'worker threads that check ranges of a large SQLite log beside the main thread (default: the cores but one; 0: one thread)',
      wholeNumber(0),
    )
    .option(
      '--state <file>',
      'keep where the check stands in this file after every page; run again with it to go on after an interruption (removed when done)',
    )
    .action((options: VerifyOptions) => plan('verify', options.json, (ctx) => verify(ctx, options)));
};

/** The public keys: the options' files, else CHAIN_PUBLIC_KEY, else the one the embedded system keeps beside its data. */
function publicKeys(ctx: Context, options: VerifyOptions, location: Location) {
  const texts = (options.publicKey ?? []).map((file) => readFileSync(ctx.path(file), 'utf8'));
  if (texts.length === 0 && ctx.env.CHAIN_PUBLIC_KEY) texts.push(ctx.env.CHAIN_PUBLIC_KEY);
  const dataDir = location.kind === 'sqlite' ? location.dataDir : undefined;
  if (texts.length === 0 && dataDir !== undefined && existsSync(join(dataDir, EMBEDDED.publicKey)))
    texts.push(readFileSync(join(dataDir, EMBEDDED.publicKey), 'utf8'));
  return texts.map(readPublicKey);
}

async function verify(ctx: Context, options: VerifyOptions): Promise<Outcome> {
  const location = locate(options, ctx.env);
  const keys = publicKeys(ctx, options, location);
  const where = describeLocation(location);
  const state = openVerifyState(options.state ? ctx.path(options.state) : undefined, where);
  const store = await openEventStore(location, { readonly: true }); // verifying never writes
  ctx.onInterrupt(() => {
    ctx.note(
      options.state
        ? 'interrupted; run the same command again to go on where it stopped'
        : 'interrupted (--state FILE lets a run go on after an interruption)',
    );
    return 'exit';
  });
  try {
    ctx.note(`${where}, ${keys.length} public key(s)`);
    if (state.resumeFrom) ctx.note(`going on after ${state.resumeFrom.events} events checked before`);
    const progress = ctx.progress({
      unit: 'events checked',
      rateUnit: 'events',
      total: (await store.chain.head())?.seq ?? 0,
      startDone: state.resumeFrom?.events ?? 0,
    });
    const report = await verifyLog({
      store,
      chain: store.chain,
      publicKeys: keys,
      batchSize: options.batchSize,
      resumeFrom: state.resumeFrom,
      ...(options.workers !== undefined ? { parallel: { workers: options.workers } } : {}),
      onProgress: (p) => {
        state.save(p);
        progress.update(p.events, `${p.sealed} sealed`);
      },
    });
    progress.stop();
    state.remove();
    return { code: report.ok ? EXIT.ok : EXIT.failed, json: report, text: describe(report) };
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** The report for a person: the verdict, the first bad event, the signed head to compare with a kept copy. */
export function describe(report: LogVerifyReport): string[] {
  const lines = [
    `${report.ok ? 'OK' : 'TAMPERED'}: ${report.events} events checked, ${report.sealed} sealed in the global chain, ` +
      `${report.unsealed} not yet sealed, ${report.checkpoints} signed checkpoint(s)`,
  ];
  if (report.signedHead)
    lines.push(
      `signed head: chain link ${report.signedHead.seq} ${report.signedHead.chainHash} (key ${report.signedHead.keyId}, ${report.signedHead.signedAt})`,
    );
  else lines.push('no signed checkpoint was checked: nothing but the hashes vouches for this log');
  if (report.firstBad) {
    const bad = report.firstBad;
    lines.push(
      `first bad event: global position ${bad.position}, event ${bad.eventId}${bad.streamId ? ` in ${bad.streamId}` : ''}: ${bad.reason}`,
    );
  }
  return lines;
}
