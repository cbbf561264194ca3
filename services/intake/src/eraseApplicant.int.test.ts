import { applicantStream, type EventData } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { HOUSING_APPEAL, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { intakeTestPlatform } from './intakeTestPlatform';

// POST /api/v1/admin/applicants/{subjectId}/erase on the test platform: crypto-shredding by an admin.

const ADMIN: Principal = { sub: 'admin-1', role: 'admin' };
let s: TestPlatform;
beforeEach(() => {
  s = intakeTestPlatform();
});
afterEach(async () => {
  await s.stop();
});

/** Files an appeal as the citizen and returns its id and the sealed text's subject. */
async function filed() {
  const reply = await s.post('/appeals', principals.citizen, HOUSING_APPEAL);
  expect(reply.status).toBe(201);
  const submitted = (await s.events(reply.body.id))[0]!.data as EventData<'AppealSubmitted'>;
  return { appealId: reply.body.id as string, subjectId: submitted.text.subjectId, submitted };
}
const erase = (subjectId: string, who: Principal | 'nobody' = ADMIN) =>
  s.post(`/admin/applicants/${subjectId}/erase`, who === 'nobody' ? undefined : who);

describe('erasing an applicant’s personal data', () => {
  it('deletes the data key, records ApplicantDataErased without personal data, and leaves the case history as it was', async () => {
    const { appealId, subjectId, submitted } = await filed();
    const historyBefore = JSON.stringify(await s.events(appealId));

    const reply = await erase(subjectId);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      subjectId,
      personalData: 'erased',
      erasedAt: s.clock().toISOString(),
      erasedNow: true,
    });
    expect(await s.vault.open(submitted.text, 'text')).toEqual({ status: 'erased' });
    const recorded = await s.store.readStream(applicantStream(subjectId));
    expect(recorded.map((e) => e.type)).toEqual(['ApplicantDataErased']);
    expect(recorded[0]!.data).toEqual({ subjectId, erasedAt: s.clock().toISOString() });
    expect(recorded[0]!.metadata).toMatchObject({
      actor: { id: 'admin-1', role: 'admin' },
      service: 'intake',
    });
    expect(JSON.stringify(await s.events(appealId))).toBe(historyBefore); // nothing rewritten
  });

  it('is idempotent: a repeat answers the first erasure and records nothing more', async () => {
    const { subjectId } = await filed();
    const first = await erase(subjectId);
    s.advance(60_000);
    const again = await erase(subjectId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, erasedNow: false });
    expect(await s.store.readStream(applicantStream(subjectId))).toHaveLength(1);
  });

  it('refuses anyone but an admin, and erases nothing', async () => {
    const { subjectId, submitted } = await filed();
    expect((await erase(subjectId, 'nobody')).status).toBe(401);
    for (const who of [principals.citizen, principals.head, { sub: 'aud', role: 'auditor' } as Principal]) {
      const reply = await erase(subjectId, who);
      expect(reply.status).toBe(403);
      expect(reply.headers['content-type']).toContain('application/problem+json');
    }
    expect((await s.vault.open(submitted.text, 'text')).status).toBe('present');
  });

  it('answers 400 problem+json naming the subject id when it is not a UUID, and 404 for an unknown subject', async () => {
    const bad = await erase('not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'params.subjectId' })]);
    const unknown = await erase(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses with 409 to file a complaint-like linked text for an erased subject, rather than a new key', async () => {
    const { subjectId } = await filed();
    await erase(subjectId);
    await expect(s.vault.seal(subjectId, 'text', 'more')).rejects.toMatchObject({
      code: 'PERSONAL_DATA.ERASED',
    });
    // a new appeal by the same account starts a new subject
    const again = await filed();
    expect(again.subjectId).not.toBe(subjectId);
  });
});
