import {
  HttpProblem,
  badRequest,
  conflict,
  forbidden,
  isHttpProblem,
  notFound,
  payloadTooLarge,
  problemDocument,
  resolveProblemType,
  unauthorized,
  unprocessable,
  validationProblem,
} from './problem';

describe('problem types', () => {
  it('resolves a slug against the default urn base', () => {
    expect(resolveProblemType('validation')).toBe('urn:appeals:problem:validation');
  });

  it('resolves a slug against an https base with or without a trailing slash', () => {
    expect(resolveProblemType('validation', 'https://appeals.example/problems/')).toBe(
      'https://appeals.example/problems/validation',
    );
    expect(resolveProblemType('validation', 'https://appeals.example/problems')).toBe(
      'https://appeals.example/problems/validation',
    );
  });

  it('keeps an absolute type as it is', () => {
    expect(resolveProblemType('about:blank')).toBe('about:blank');
    expect(resolveProblemType('https://other.example/p/x', 'urn:appeals:problem:')).toBe(
      'https://other.example/p/x',
    );
  });
});

describe('helpers', () => {
  it.each([
    ['badRequest', badRequest, 400, 'bad-request', 'Bad Request'],
    ['unauthorized', unauthorized, 401, 'unauthorized', 'Unauthorized'],
    ['forbidden', forbidden, 403, 'forbidden', 'Forbidden'],
    ['notFound', notFound, 404, 'not-found', 'Not Found'],
    ['conflict', conflict, 409, 'conflict', 'Conflict'],
    ['payloadTooLarge', payloadTooLarge, 413, 'payload-too-large', 'Payload Too Large'],
    ['unprocessable', unprocessable, 422, 'unprocessable-entity', 'Unprocessable Entity'],
  ] as const)('%s gives status %i', (_name, make, status, type, title) => {
    const problem = make('why');
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem).toMatchObject({ status, type, title, detail: 'why' });
    expect(isHttpProblem(problem)).toBe(true);
  });

  it('sends a Bearer challenge with 401 by default', () => {
    expect(unauthorized().headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('counts invalid fields in a validation problem', () => {
    const problem = validationProblem([
      { field: 'body.a', message: 'x' },
      { field: 'body.b', message: 'y' },
    ]);
    expect(problem).toMatchObject({
      status: 400,
      type: 'validation',
      detail: 'The request has 2 invalid fields.',
    });
  });
});

describe('problem document', () => {
  it('lets extension members add but never replace standard members', () => {
    const problem = conflict('taken', { extra: { status: 200, type: 'x', code: 'APPEAL.CLOSED' } });
    expect(problemDocument(problem, { instance: '/a', requestId: 'r1' })).toEqual({
      type: 'urn:appeals:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'taken',
      instance: '/a',
      requestId: 'r1',
      code: 'APPEAL.CLOSED',
    });
  });
});
