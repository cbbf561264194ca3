import type { HttpLogger } from '@appeals/http';
import type { Request, Response } from 'express';
import type { ViewWatch } from './viewChanges';

/** What one event stream of one appeal needs (the route has authorised the caller's role already). */
export interface AppealEventStreamOptions<T extends { _revision: number }> {
  /** opened before the first read, so no change slips in between */
  watch: ViewWatch;
  /** the document if the caller may see it, else null (the stream then says `gone` and ends) */
  read: () => Promise<T | null>;
  /** what an `appeal` event carries */
  bodyOf: (doc: T) => Promise<unknown>;
  /** aborts when the client goes away */
  signal: AbortSignal;
  /** re-read this often too (another process may write the views) */
  recheckMs?: number | undefined;
  /** a comment line after this long without writing (keeps proxies from closing an idle stream) */
  heartbeatMs: number;
  /** the error to throw when the caller may not see the appeal at the start (404: nothing is leaked) */
  notFound: () => Error;
}

/** How long an EventSource waits before it reconnects (ms), sent at the start of each stream. */
const RETRY_MS = 2_000;

/** The version a reconnecting client already has (`Last-Event-ID`), or -1. */
const lastEventIdOf = (req: Request): number => {
  const value = Number(req.get('Last-Event-ID'));
  return Number.isSafeInteger(value) && value >= 0 ? value : -1;
};

/**
 * Streams one appeal as `text/event-stream`: an `appeal` event (id: its version) now and after each change, a
 * heartbeat comment when idle, `gone` when the caller may no longer see it (forwarded out of their agency). Ends
 * when the client leaves or the service stops (the watch ends); errors before the first byte are thrown (problem
 * details), later ones end the stream, and the client reconnects.
 */
export async function appealEventStream<T extends { _revision: number }>(
  req: Request,
  res: Response,
  o: AppealEventStreamOptions<T>,
): Promise<void> {
  try {
    let doc = await o.read();
    if (!doc) throw o.notFound();
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no', // a buffering reverse proxy would hold the events back
    });
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);
    let sent = lastEventIdOf(req);
    let lastWrite = Date.now();
    for (;;) {
      if (!doc) {
        res.write('event: gone\ndata: {}\n\n');
        return;
      }
      if (doc._revision > sent) {
        const data = JSON.stringify(await o.bodyOf(doc));
        res.write(`event: appeal\nid: ${doc._revision}\ndata: ${data}\n\n`);
        sent = doc._revision;
        lastWrite = Date.now();
      }
      const untilBeat = lastWrite + o.heartbeatMs - Date.now();
      const outcome = await o.watch.next(Math.min(untilBeat, o.recheckMs ?? untilBeat), o.signal);
      if (outcome === 'ended') return;
      if (Date.now() - lastWrite >= o.heartbeatMs) {
        res.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      if (outcome === 'changed' || o.recheckMs !== undefined) doc = await o.read();
    }
  } catch (error) {
    if (!res.headersSent) throw error;
    (req.app.locals.logger as HttpLogger | undefined)?.warn({ err: error }, 'appeal event stream failed');
  } finally {
    o.watch.close();
    if (res.headersSent && !res.writableEnded) res.end();
  }
}
