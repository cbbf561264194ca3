import { describeRequest } from './check';
import { passed, runFuzz, type FuzzResult } from './run';
import { IINS, validAppeal } from './setup';
import { startTarget, type FuzzTarget } from './system';

// A small version of `pnpm fuzz` (docs/reliability.md): the embedded system in its own process, as the README starts
// it, gets generated requests to every operation as every caller; not one may get a 5xx, a 4xx that is not
// problem+json, or no answer. FUZZ_SEED replays a failing seed; FUZZ_REQUESTS sends more.

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

let target: FuzzTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.stop();
});

const explain = (r: FuzzResult) =>
  r.violations
    .map((v) => `[${v.rule}] ${v.message}\n${describeRequest(v.request, target.origin)}`)
    .join('\n\n') + (r.crashed ? `\nthe process died:\n${target.tail()}` : '');

describe('the embedded system under generated requests', () => {
  it(`answers ${REQUESTS} of them (seed ${SEED}) without a 5xx, each 4xx as problem+json`, async () => {
    const result = await runFuzz({
      origin: target.origin,
      pid: target.pid,
      requests: REQUESTS,
      seed: SEED,
      concurrency: 8,
      alive: target.alive,
    });
    expect({ sent: result.sent + result.unsent, crashed: result.crashed }).toEqual({
      sent: REQUESTS,
      crashed: false,
    });
    expect(explain(result)).toBe('');
    // every operation of the document was called, and some requests got through to do real work
    expect(Object.keys(result.byOperation).length).toBe(result.operations + 1);
    expect(result.byStatus['200'] ?? 0).toBeGreaterThan(REQUESTS / 50);
    // memory is judged on the full run (pnpm fuzz); a run this short is mostly warm-up
    expect(passed({ ...result, memory: undefined })).toBe(true);
  });

  it('checks IIN and BIN check digits at the edge, naming the field', async () => {
    const api = `${target.origin}/api/v1`;
    const issued = await fetch(`${api}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'applicant', sub: 'iin-check' }),
    });
    const { token } = (await issued.json()) as { token: string };
    const submit = async (applicant: unknown) => {
      const res = await fetch(`${api}/appeals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...validAppeal(0), applicant }),
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as { errors?: Array<{ field: string }> },
      };
    };
    const fields = (r: { body: { errors?: Array<{ field: string }> } }) => r.body.errors?.map((e) => e.field);
    const wrongIin = await submit({ type: 'individual', fullName: 'Нұрлан Серікұлы', iin: '900101400123' });
    expect(wrongIin).toMatchObject({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(fields(wrongIin)).toEqual(['body.applicant.iin']);
    const legal = { type: 'legal', organisationName: 'ТОО Су', representative: 'Асель Нургалиева' };
    const wrongBin = await submit({ ...legal, bin: '123456789012' });
    expect(fields(wrongBin)).toEqual(['body.applicant.bin']);
    expect((await submit({ type: 'individual', fullName: 'Нұрлан Серікұлы', iin: IINS[0] })).status).toBe(
      201,
    );
    expect((await submit({ ...legal, bin: '123456789013' })).status).toBe(201);
  });
});
