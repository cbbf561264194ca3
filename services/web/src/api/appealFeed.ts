import { api, apiUrl } from './client';

/** How long the API may hold a read until its view has caught up (ms; the API's maximum). */
export const WAIT_MS = 10_000;

/** Who reads: a signed-in user's token, or the tracking code of an applicant without an account. */
export interface Reader {
  token?: string | undefined;
  trackingCode?: string | undefined;
}

/**
 * Reads an appeal once its view holds `minVersion` (the `version` a command answered): the API answers as soon as it
 * does (or with the current state after {@link WAIT_MS}), so the page shows what the action produced without polling.
 */
export function readAppeal<T>(id: string, reader: Reader, minVersion?: number, signal?: AbortSignal): Promise<T> {
  return api<T>(`/appeals/${encodeURIComponent(id)}`, {
    token: reader.token,
    query: {
      trackingCode: reader.trackingCode,
      ...(minVersion === undefined ? {} : { minVersion, waitMs: WAIT_MS }),
    },
    ...(signal ? { signal } : {}),
  });
}

/** One message of a `text/event-stream`. */
export interface StreamMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits a `text/event-stream` into messages as its text arrives in chunks (comments and `retry:` lines are
 * dropped, `data:` lines joined).
 */
export function eventStreamParser(): (chunk: string) => StreamMessage[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const messages: StreamMessage[] = [];
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length > 0) messages.push({ event, data: data.join('\n'), ...(id === undefined ? {} : { id }) });
    }
    return messages;
  };
}

/** Keeps the newer of two versions of an appeal (a stream event and a read may arrive in either order). */
export const newer = <T extends { version: number }>(current: T | undefined, next: T): T =>
  current && current.version > next.version ? current : next;

/** How long to wait before following again after the stream broke off (ms). */
const RECONNECT_MS = 2_000;

/**
 * Follows an appeal's changes (GET /appeals/{id}/events): `onAppeal` gets the appeal at once and after each change,
 * `onGone` when the reader may no longer see it. Uses fetch rather than EventSource, which cannot send the bearer
 * token. When the connection breaks it follows again after a moment, from the last version it got; an answer other
 * than the stream (404, 403) ends it, as does the returned function.
 */
export function followAppeal<T extends { version: number }>(
  id: string,
  reader: Reader,
  onAppeal: (appeal: T) => void,
  onGone?: () => void,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  let last: number | undefined;
  const once = async (): Promise<'again' | 'stop'> => {
    const res = await fetch(apiUrl(`/appeals/${encodeURIComponent(id)}/events`, { trackingCode: reader.trackingCode }), {
      headers: {
        accept: 'text/event-stream',
        ...(reader.token ? { authorization: `Bearer ${reader.token}` } : {}),
        ...(last === undefined ? {} : { 'last-event-id': String(last) }),
      },
      signal,
    });
    if (!res.ok || !res.body) return 'stop';
    const parse = eventStreamParser();
    const text = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const chunk = await text.read();
      if (chunk.done) return 'again';
      for (const message of parse(chunk.value)) {
        if (message.event === 'gone') {
          onGone?.();
          return 'stop';
        }
        if (message.event !== 'appeal') continue;
        const appeal = JSON.parse(message.data) as T;
        last = appeal.version;
        onAppeal(appeal);
      }
    }
  };
  void (async () => {
    while (!signal.aborted) {
      const next = await once().catch(() => 'again' as const);
      if (next === 'stop' || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RECONNECT_MS);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  })();
  return () => controller.abort();
}
