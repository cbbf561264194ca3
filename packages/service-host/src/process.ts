import type { Server } from 'node:http';
import { answerClientErrors } from '@appeals/http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { ProcessState } from './health';

export interface ListenOptions {
  name: string;
  app: Express;
  port: number;
  host: string;
  logger: Logger;
  /** runs once the port is open (consumers join their groups, the relay seeks the lock) */
  start: () => Promise<void>;
  /** stops the work: consumers finish the message in flight and commit (runs while HTTP requests drain) */
  stop: () => Promise<void>;
  /** lets the infrastructure go, once the work stopped and the requests in flight finished */
  close: () => Promise<void>;
  /** the process state the health routes read */
  setState: (state: ProcessState) => void;
}

/** A started process: its URL, and its graceful stop. */
export interface RunningProcess {
  url: string;
  server: Server;
  /** stop accepting, let requests in flight finish, stop the work, close the infrastructure */
  stop(): Promise<void>;
}

/**
 * Opens the port first (so liveness probes answer while consumers join their groups; /ready stays 503 until
 * `start` resolved), then starts the work and reports `serving`.
 */
export async function listenAndStart(options: ListenOptions): Promise<RunningProcess> {
  const { app, logger } = options;
  options.setState('starting');
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  answerClientErrors(server); // what the HTTP parser refuses is a problem+json too
  // an idle keep-alive connection must not hold a stopping process open
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      options.setState('stopping');
      server.close();
      server.closeIdleConnections();
      // requests in flight get a few seconds to finish while the consumers stop; a connection left then is cut
      const timer = setTimeout(() => server.closeAllConnections(), 5_000);
      await Promise.all([options.stop(), closed]);
      clearTimeout(timer);
      await options.close();
    })());
  try {
    await options.start();
  } catch (error) {
    await stop().catch((err: unknown) => logger.error({ err }, 'stopping after a failed start failed'));
    throw error;
  }
  options.setState('serving');
  return { url, server, stop };
}

export interface SignalOptions {
  name: string;
  logger: Logger;
  stop: () => Promise<void>;
  /** a stop taking longer ends the process with exit code 1 */
  timeoutMs: number;
  /** after the stop (tracing flush) */
  finally?: () => Promise<void>;
  exit?: (code: number) => void;
}

/**
 * SIGTERM / SIGINT: a graceful stop, then exit 0; a second signal or a stop past the timeout exits 1. A process
 * spawned with an IPC channel (the cluster launcher does so) stops the same way when the channel closes: its parent
 * is gone, even killed with SIGKILL, and nothing else would ever stop it.
 */
export function exitOnSignals(options: SignalOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'parent gone') => {
    if (stopping) {
      options.logger.warn(`${signal} again: exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    options.logger.info(`${signal}: stopping ${options.name}`);
    const timer = setTimeout(() => {
      options.logger.error(`${options.name} did not stop within ${options.timeoutMs} ms: exiting`);
      exit(1);
    }, options.timeoutMs);
    timer.unref();
    options
      .stop()
      .then(async () => {
        await options.finally?.().catch(() => undefined);
        options.logger.info(`${options.name} stopped`);
        exit(0);
      })
      .catch((err: unknown) => {
        options.logger.error({ err }, `${options.name} failed to stop cleanly`);
        exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (process.channel) {
    process.channel.unref(); // the channel alone keeps nothing running
    process.once('disconnect', () => onSignal('parent gone'));
  }
}

/** Last resort: an error nothing caught is logged and ends the process (the orchestrator restarts it). */
export function exitOnFatal(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
