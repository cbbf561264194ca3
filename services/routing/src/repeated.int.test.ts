import type { Principal } from '@appeals/http';
import { principals, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { routingRouter } from './routing.http';

// Repeated routing commands over HTTP (issue 10, defect 8): a repeat is a no-op answered with the current version,
// a conflict keeps its 409 code, and every action honours Idempotency-Key (docs/adr: repeated commands).

const { registrar: REGISTRAR } = principals;
/** the registrar at the top of the tree: sees appeals nobody routed yet */
const TRIAGE_DESK: Principal = { sub: 'reg-gov', role: 'registrar', agencyId: 'gov' };

let s: TestPlatform;
beforeEach(() => {
  s = createTestPlatform();
  s.mount(routingRouter({ ...s, service: 'routing' }));
});
afterEach(async () => {
  await s.stop();
});

const part = {
  toAgencyId: 'mon',
  scope: 'part',
  partDescription: 'Школа №12 тоже без отопления',
  reason: 'Школы — компетенция министерства',
};

describe('forwarding the same part twice without a key', () => {
  it('forwards it once: one child appeal, and the repeat answers the current version with no events', async () => {
    const id = await s.routedAppeal();
    const first = await s.post(`/appeals/${id}/forward`, REGISTRAR, part);
    expect(first.body.events).toEqual(['AppealForwarded']);
    const appeals = await s.appealCount();

    const repeat = await s.post(`/appeals/${id}/forward`, REGISTRAR, part);

    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ events: [], version: first.body.version });
    expect(repeat.headers.etag).toBe(`W/"${first.body.version}"`);
    expect(await s.appealCount()).toBe(appeals);
  });
});

describe('routing with an Idempotency-Key', () => {
  it('replays the first answer to the same key, and refuses the key with another body naming the header', async () => {
    const id = await s.submitAppeal();
    const triage = (reason: string) =>
      s.post(`/appeals/${id}/needs-triage`, TRIAGE_DESK, { reason }, { 'Idempotency-Key': 'triage-1' });
    const first = await triage('Нет правила');
    const replay = await triage('Нет правила');
    const other = await triage('Другая причина');

    expect(first.body.events).toEqual(['AppealNeedsTriage']);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
  });
});

describe('routing elsewhere after routing', () => {
  it('is still a conflict: 409 APPEAL.ALREADY_ROUTED', async () => {
    const id = await s.routedAppeal();
    const elsewhere = await s.post(`/appeals/${id}/route`, TRIAGE_DESK, { agencyId: 'mon' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('APPEAL.ALREADY_ROUTED');
  });
});
