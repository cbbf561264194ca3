import type { AppealCommands, Jurisdictions } from '@appeals/appeal-application';
import type { Bus, Consumer } from '@appeals/bus';
import { createChainSealer, type ChainStore, type CheckpointSigner } from '@appeals/chain';
import { type EventStore } from '@appeals/eventstore';
import type { ApiRegistry } from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import { auditRouter } from './audit.http';
import { createDeadlineWatch } from './deadlineWatch';

export interface AuditServiceDeps {
  store: EventStore;
  bus: Bus;
  views: ReadStore;
  commands: AppealCommands;
  /** the calendars: the deadline watch recomputes provisional deadlines when a year is loaded */
  jurisdictions: Pick<Jurisdictions, 'book'>;
  clock: () => Date;
  registry: ApiRegistry;
  /** how often the deadline watch sweeps (default 60 s) */
  sweepEverySeconds?: number;
  /** the tamper-evident history: where the global chain is kept and how its head is signed (ADR 0005) */
  chain?: ChainOptions | undefined;
  onError?: (error: unknown, context: string) => void;
}

export interface ChainOptions {
  store: ChainStore;
  /** without a signer the chain is extended but no checkpoint is signed */
  signer?: CheckpointSigner | undefined;
  checkpointEveryEvents?: number;
  checkpointIntervalSeconds?: number;
  /** how long after an append the sealer looks, all appends within sharing the step (default 20 ms) */
  sealDelayMs?: number;
}

/** The audit service's composition root: histories and state-at-time from the store, and the deadline watch. */
export function createAuditService(deps: AuditServiceDeps) {
  const watch = createDeadlineWatch({
    ...deps,
    onError: (err, appealId) => deps.onError?.(err, `deadline watch: appeal ${appealId}`),
  });
  // Every audit replica seals: the chain store serialises them (a step that loses the race starts again).
  const sealer = deps.chain
    ? createChainSealer({
        store: deps.store,
        chain: deps.chain.store,
        signer: deps.chain.signer,
        checkpointEveryEvents: deps.chain.checkpointEveryEvents,
        checkpointIntervalMs: (deps.chain.checkpointIntervalSeconds ?? 60) * 1000,
        wakeDelayMs: deps.chain.sealDelayMs,
        onError: (err) => deps.onError?.(err, 'chain sealer'),
      })
    : undefined;
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'audit' as const,
    router: auditRouter({ ...deps, chainStore: deps.chain?.store, chainSigner: deps.chain?.signer }),
    watch,
    sealer,
    async start() {
      consumer = await watch.start();
      sealer?.start();
      timer = setInterval(
        () => {
          watch.sweep().catch((err: unknown) => deps.onError?.(err, 'deadline sweep'));
        },
        (deps.sweepEverySeconds ?? 60) * 1000,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await sealer?.stop();
      await consumer?.stop();
    },
  };
}
