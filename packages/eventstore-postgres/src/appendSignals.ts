import { Client, type ClientConfig } from 'pg';

/** The channel every store NOTIFYs after a committed append (payload: `{"schema", "origin"}` as JSON). */
export const APPEND_CHANNEL = 'appeals_events';

/** application_name of the connection a store LISTENs on (visible in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'appeals-eventstore-listener';

/** The payload of an append's NOTIFY: which schema, and which store object wrote (its own listeners heard already). */
export const appendPayload = (schema: string, origin: string): string => JSON.stringify({ schema, origin });

export interface AppendListenerOptions {
  /** connection settings of the dedicated LISTEN connection */
  clientConfig: ClientConfig;
  schema: string;
  /** the store object's own id: its NOTIFYs are not heard twice */
  origin: string;
  /** wakes the store's onAppended listeners */
  notify: () => void;
  onError: (error: Error) => void;
}

/**
 * LISTENs on `appeals_events` on a connection of its own, so appends by other processes (or other store objects)
 * wake the store's listeners; reconnects with backoff (500 ms doubling up to 30 s) and wakes them once after a
 * reconnect, since appends may have committed while nobody listened.
 */
export function createAppendListener(options: AppendListenerOptions): {
  listening(): Promise<void>;
  close(): Promise<void>;
} {
  let closed = false;
  let listenClient: Client | undefined;
  let listenReady: Promise<void> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectDelayMs = 500;
  let connectedBefore = false;

  const onNotification = (message: { channel: string; payload?: string | undefined }) => {
    if (message.channel !== APPEND_CHANNEL || message.payload === undefined) return;
    try {
      const payload = JSON.parse(message.payload) as { schema?: unknown; origin?: unknown };
      if (payload.schema === options.schema && payload.origin !== options.origin) options.notify();
    } catch {
      // Not one of ours.
    }
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      listenReady = undefined;
      void listening().catch(() => undefined);
    }, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, 30_000);
  };

  const connectListener = async (): Promise<void> => {
    const client = new Client({ ...options.clientConfig, application_name: LISTENER_APPLICATION_NAME });
    client.on('notification', onNotification);
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (listenClient === client) listenClient = undefined;
      if (closed) return;
      if (error) options.onError(error);
      client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      throw error;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listenClient = client;
    reconnectDelayMs = 500;
    // After a reconnect, appends may have committed while nobody listened: let listeners look once.
    if (connectedBefore) options.notify();
    connectedBefore = true;
  };

  const listening = (): Promise<void> => {
    listenReady ??= connectListener();
    return listenReady;
  };

  return {
    listening,
    async close() {
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      // A connection still being made ends itself when it sees `closed`.
      await listenReady?.catch(() => undefined);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}

/** Waits before waking the listeners again while events stay held back: 1 ms, doubling up to this. */
const HELD_BACK_MAX_DELAY_MS = 64;

/**
 * Wakes the listeners shortly after a read found committed events above the watermark (held back by a transaction
 * still running, which may end without an append signal of this store: another schema's or database's write, a
 * checkpoint save). The delay doubles while they stay held back, and starts again at 1 ms once none are.
 */
export function heldBackWaker(wake: () => void): { wakeSoon(): void; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delayMs = 1;
  return {
    wakeSoon() {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        wake();
      }, delayMs);
      timer.unref();
      delayMs = Math.min(delayMs * 2, HELD_BACK_MAX_DELAY_MS);
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      delayMs = 1;
    },
  };
}
