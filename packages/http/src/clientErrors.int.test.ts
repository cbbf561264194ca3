import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createHttpApp, finalize } from './app';
import { answerClientErrors } from './clientErrors';

// Requests Node's parser refuses never reach express; found by the request fuzzer (test/fuzz): a long query got
// Node's bare "431" with no body, and the client often saw a connection reset instead of any answer.

let server: Server;
let port: number;
beforeAll(async () => {
  const app = createHttpApp({ logger: { error: () => undefined, warn: () => undefined } });
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  finalize(app);
  server = createServer({ maxHeaderSize: 2048 }, app);
  answerClientErrors(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** Sends raw bytes, returns everything the server wrote before closing. */
const raw = (text: string): Promise<string> =>
  new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (c) => (got += c.toString('utf8')));
    socket.on('end', () => done(got));
    socket.on('error', fail);
    socket.end(text);
  });

const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('requests the HTTP parser refuses', () => {
  it('answers headers over the size limit with a 431 problem', async () => {
    const answer = await raw(`GET /ok?q=${'a'.repeat(4000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(problemOf(answer)).toMatchObject({ status: 431, type: 'urn:appeals:problem:headers-too-large' });
  });

  it('answers HEAD with the headers only', async () => {
    const answer = await raw(`HEAD /ok?q=${'a'.repeat(4000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.endsWith('\r\n\r\n')).toBe(true);
  });

  it('answers a malformed request with a 400 problem', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(problemOf(answer)).toMatchObject({ status: 400, type: 'urn:appeals:problem:malformed-request' });
  });

  it('keeps serving well-formed requests', async () => {
    const answer = await raw('GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
