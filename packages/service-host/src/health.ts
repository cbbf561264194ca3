import { sendProblem, serviceUnavailable } from '@appeals/http';
import { Router } from 'express';

/** Answers when a dependency (PostgreSQL, Kafka, MongoDB) answers; rejects otherwise. */
export type Probe = () => Promise<void>;

/** Where a process is in its life: only a serving process is ready. */
export type ProcessState = 'starting' | 'serving' | 'stopping';

export interface CheckResult {
  status: 'up' | 'down';
  error?: string;
  ms: number;
}

/** Runs each probe at once, each bounded by `timeoutMs`; a probe that hangs counts as down. */
export async function runProbes(
  probes: Record<string, Probe>,
  timeoutMs: number,
): Promise<{ ok: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, CheckResult]> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'up', ms: Date.now() - started }];
      } catch (error) {
        const message = error instanceof Error ? error.message || error.name : String(error);
        return [name, { status: 'down', error: message, ms: Date.now() - started }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ok: entries.every(([, check]) => check.status === 'up'), checks };
}

export interface HealthOptions {
  name: string;
  probes: Record<string, Probe>;
  state: () => ProcessState;
  /** per probe (default 2000 ms) */
  timeoutMs?: number;
  /** extra fields for both answers (the relay says whether it leads) */
  details?: () => Record<string, unknown>;
}

/**
 * `GET /health`: the process is alive (200 while it runs at all, for liveness probes).
 * `GET /ready`: 200 only while serving and every dependency answers; otherwise a 503 problem naming what is down.
 */
export function healthRouter(options: HealthOptions): Router {
  const timeoutMs = options.timeoutMs ?? 2000;
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name, state: options.state(), ...options.details?.() });
  });
  router.get('/ready', async (_req, res) => {
    const state = options.state();
    if (state !== 'serving') {
      sendProblem(
        res,
        serviceUnavailable(`${options.name} is ${state}.`, {
          type: 'not-ready',
          extra: { service: options.name, state },
          headers: { 'Retry-After': '1' },
        }),
      );
      return;
    }
    const { ok, checks } = await runProbes(options.probes, timeoutMs);
    if (ok) {
      res.json({ status: 'ready', service: options.name, checks, ...options.details?.() });
      return;
    }
    const down = Object.entries(checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name]) => name);
    sendProblem(
      res,
      serviceUnavailable(`${options.name} cannot reach ${down.join(', ')}.`, {
        type: 'not-ready',
        extra: { service: options.name, state, checks },
        headers: { 'Retry-After': '1' },
      }),
    );
  });
  return router;
}
