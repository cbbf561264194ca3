import type { FuzzRequest } from './requests';

/** What came back: a response, or no response (the connection broke, or nothing came within the timeout). */
export type Outcome =
  | { kind: 'response'; status: number; contentType: string | undefined; body: Buffer; ms: number }
  | { kind: 'failure'; error: string; ms: number };

/** A broken promise of the API, with the request that broke it. */
export interface Violation {
  rule: 'no-5xx' | 'problem-json' | 'answered';
  message: string;
  request: FuzzRequest;
}

const isProblemType = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/problem\+json\s*(;|$)/i.test(contentType);

/** Checks a 4xx body: a JSON object with string `type` and `title` and the response's `status`. */
const problemShapeError = (status: number, body: Buffer, method: string): string | undefined => {
  if (method === 'HEAD') return undefined; // a HEAD answer has headers only
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return `the ${status} body is not JSON: ${JSON.stringify(body.toString('utf8').slice(0, 120))}`;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return `the ${status} body is not an object`;
  const { type, title, status: inBody } = doc as Record<string, unknown>;
  if (typeof type !== 'string' || typeof title !== 'string')
    return `the ${status} problem lacks a string type or title`;
  if (inBody !== status) return `the problem says status ${String(inBody)}, the response ${status}`;
  return undefined;
};

/**
 * The rules every answer keeps: it comes (no dropped connection, no hang), it is not a server error, and a client
 * error is an RFC 9457 problem (`application/problem+json` with type, title and status).
 */
export function checkOutcome(request: FuzzRequest, outcome: Outcome): Violation | undefined {
  if (outcome.kind === 'failure')
    return {
      rule: 'answered',
      message: `no answer: ${outcome.error} after ${Math.round(outcome.ms)} ms`,
      request,
    };
  const { status, contentType, body } = outcome;
  if (status >= 500)
    return {
      rule: 'no-5xx',
      message: `${status} ${contentType ?? '(no content type)'} ${body.toString('utf8').slice(0, 300)}`,
      request,
    };
  if (status >= 400) {
    if (!isProblemType(contentType))
      return {
        rule: 'problem-json',
        message: `${status} answered as ${contentType ?? '(no content type)'}: ${body.toString('utf8').slice(0, 200)}`,
        request,
      };
    const shape = problemShapeError(status, body, request.method);
    if (shape) return { rule: 'problem-json', message: shape, request };
  }
  return undefined;
}

const MAX_SHOWN = 2_000;

/** A request as a curl command line (bodies over 2 kB shortened, with their size), to reproduce a violation. */
export function describeRequest(request: FuzzRequest, base = 'http://127.0.0.1:PORT'): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const path =
    request.path.length > MAX_SHOWN
      ? `${request.path.slice(0, MAX_SHOWN)}…(${request.path.length} chars)`
      : request.path;
  const parts = ['curl', '-i', '-X', request.method, quote(base + path)];
  for (const [name, value] of Object.entries(request.headers))
    parts.push(
      '-H',
      quote(`${name}: ${value.length > 200 ? `${value.slice(0, 200)}…(${value.length} chars)` : value}`),
    );
  if (request.body !== undefined) {
    const text = request.body.toString('utf8');
    const shown =
      text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${request.body.length} bytes)` : text;
    parts.push('--data-binary', quote(shown));
  }
  return `${parts.join(' ')}\n  # ${request.operation} as ${request.caller}; ${request.tags.join(' ')}`;
}
