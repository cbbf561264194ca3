import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemDocument, HttpProblem } from './problem';

/** The status Node's HTTP parser failure deserves: headers too large, too slow, or anything else malformed. */
const statusOf = (code: string | undefined): number =>
  code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;

/** How long the socket may keep sending what the parser refused before it is cut. */
const LINGER_MS = 2_000;

/**
 * Answers requests Node's HTTP parser refuses before express sees them (headers over the size limit, a malformed
 * request line or header, a request too slow to arrive) with problem+json, as every other error, instead of
 * Node's bare status line. The answer closes the connection; what the client still sends is read and dropped for
 * a moment, so it receives the answer rather than a connection reset.
 *
 * @example
 * const server = app.listen(port);
 * answerClientErrors(server);
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusOf(err.code);
    const body = JSON.stringify(
      problemDocument(
        new HttpProblem({
          status,
          type:
            status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request',
          detail:
            status === 431
              ? 'The request line and headers together exceed the size limit.'
              : status === 408
                ? 'The request did not arrive in time.'
                : 'The request is not valid HTTP.',
        }),
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        // the answer to HEAD has no body (the parser kept what it read, so the method is known)
        (err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ' ? '' : body),
    );
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
