import { Agent, request as httpRequest } from 'node:http';
import type { Outcome } from './check';
import type { FuzzRequest } from './requests';

/** Sends requests over a keep-alive pool; raw bytes and headers as generated, nothing normalised. */
export function createSender(origin: string, options: { sockets: number; timeoutMs: number }) {
  const url = new URL(origin);
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets });
  const once = (req: FuzzRequest): Promise<Outcome & { reusedSocket?: boolean }> =>
    new Promise((done) => {
      const t0 = performance.now();
      const ms = () => performance.now() - t0;
      let settled = false;
      const finish = (outcome: Outcome & { reusedSocket?: boolean }) => {
        if (settled) return;
        settled = true;
        done(outcome);
      };
      let client: ReturnType<typeof httpRequest>;
      try {
        client = httpRequest({
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          headers: {
            ...req.headers,
            ...(req.body !== undefined ? { 'content-length': String(req.body.length) } : {}),
          },
          agent,
        });
      } catch (err) {
        // the client refused to send it (a header Node finds invalid): not the server's doing
        finish({ kind: 'failure', error: `not sent: ${(err as Error).message}`, ms: 0 });
        return;
      }
      client.on('response', (res) => {
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          // a stream does not end by itself: its answer is the status and the headers
          res.destroy();
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.alloc(0),
            ms: ms(),
          });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks),
            ms: ms(),
          }),
        );
        res.on('error', (err) => finish({ kind: 'failure', error: err.message, ms: ms() }));
      });
      // a whole answer, not only each packet, must come within the timeout
      const deadline = setTimeout(
        () => client.destroy(new Error(`no whole answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      client.on('close', () => clearTimeout(deadline));
      client.on('error', (err) =>
        finish({ kind: 'failure', error: err.message, ms: ms(), reusedSocket: client.reusedSocket }),
      );
      client.end(req.body);
    });
  /**
   * A keep-alive socket the server closed just as it was reused fails at once with a reset or hang-up, before the
   * server saw the request; as Node's documentation advises, such a request is sent once more, on a new socket.
   */
  const send = async (req: FuzzRequest): Promise<Outcome> => {
    const first = await once(req);
    if (first.kind === 'failure' && first.reusedSocket && !first.error.startsWith('no whole answer')) {
      const { reusedSocket: _, ...retried } = await once(req);
      return retried;
    }
    const { reusedSocket: _, ...outcome } = first;
    return outcome;
  };
  return { send, close: () => agent.destroy() };
}
