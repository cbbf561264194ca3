import type { AppealCommands } from '@appeals/appeal-application';
import type { Bus, Consumer } from '@appeals/bus';
import type { EventStore } from '@appeals/eventstore';
import type { ApiRegistry } from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import { auditRouter } from './audit.http';
import { createDeadlineWatch } from './deadlineWatch';

export interface AuditServiceDeps {
  store: EventStore;
  bus: Bus;
  views: ReadStore;
  commands: AppealCommands;
  clock: () => Date;
  registry: ApiRegistry;
  /** how often the deadline watch sweeps (default 60 s) */
  sweepEverySeconds?: number;
  onError?: (error: unknown, context: string) => void;
}

/** The audit service's composition root: histories and state-at-time from the store, and the deadline watch. */
export function createAuditService(deps: AuditServiceDeps) {
  const watch = createDeadlineWatch({
    ...deps,
    onError: (err, appealId) => deps.onError?.(err, `deadline watch: appeal ${appealId}`),
  });
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'audit' as const,
    router: auditRouter(deps),
    watch,
    async start() {
      consumer = await watch.start();
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
      await consumer?.stop();
    },
  };
}
