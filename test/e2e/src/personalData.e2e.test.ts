import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil, startSystem, type TestSystem } from './client';
import { housingAppeal } from './lifecycle.scenarios';

// Personal data on the embedded system with real files (ADR 0006): the event log never holds it in clear, and an
// admin's erasure makes the views and APIs show `erased` — after a rebuild and a restart too — while the case
// history stays as it was.

const NAME = 'Гульнара Есенова';
const IIN = '870312450019';
const PHONE = '+77017654321';
const EMAIL = 'gulnara.esenova@example.kz';
const ADDRESS = 'г. Алматы, ул. Жарокова, 187, кв. 12';
const TEXT = 'В нашем доме по ул. Жарокова, 187 уже месяц не работает лифт, обращаюсь повторно.';
const CLEAR = [NAME, IIN, PHONE, EMAIL, ADDRESS, TEXT];
const APPLICANT = {
  type: 'individual',
  fullName: NAME,
  iin: IIN,
  phone: PHONE,
  email: EMAIL,
  address: ADDRESS,
};

const dataDir = mkdtempSync(join(tmpdir(), 'appeals-pii-'));
let t: TestSystem;
afterAll(async () => {
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every byte of the event store's files (the database and its write-ahead log), as UTF-8 text. */
const eventStoreBytes = () =>
  readdirSync(dataDir)
    .filter((f) => f.startsWith('appeals.db'))
    .map((f) => readFileSync(join(dataDir, f)).toString('utf8'))
    .join('\n');

describe('personal data on the embedded system', () => {
  let citizen: string;
  let admin: string;
  let auditor: string;
  let appealId: string;
  let subjectId: string;
  let historyBefore: unknown;

  beforeAll(async () => {
    t = await startSystem({ dataDir });
    citizen = await t.token('applicant', { sub: 'citizen-gulnara' });
    admin = await t.token('admin');
    auditor = await t.token('auditor');
  });

  it('keeps the applicant block and the text out of the stored events: the raw SQLite bytes hold none of it', async () => {
    const filed = await t.call('POST', '/api/v1/appeals', {
      token: citizen,
      body: housingAppeal({
        text: TEXT,
        applicant: APPLICANT,
      }),
    });
    expect(filed.status).toBe(201);
    appealId = filed.body.id;
    await t.settled();
    const bytes = eventStoreBytes();
    expect(bytes).toContain(appealId); // the scan does see the stored events
    expect(bytes).toContain('A256GCM');
    expect(bytes).toContain('Нет отопления'); // clear Cyrillic is found where it is (the subject line)
    for (const clear of CLEAR) expect(bytes).not.toContain(clear);
  });

  it('shows the data, opened, to the applicant and to the auditor', async () => {
    const own = await t.call('GET', `/api/v1/appeals/${appealId}`, { token: citizen });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      personalData: 'present',
      applicant: APPLICANT,
      text: TEXT,
    });
    subjectId = own.body.subjectId;
    expect(subjectId).toMatch(/^[0-9a-f-]{36}$/);
    const history = await t.call('GET', `/api/v1/audit/appeals/${appealId}/history`, { token: auditor });
    expect(history.status).toBe(200);
    historyBefore = history.body;
  });

  it('refuses the erase command to anyone but an admin, and bad input with a problem naming the field', async () => {
    const asCitizen = await t.call('POST', `/api/v1/admin/applicants/${subjectId}/erase`, { token: citizen });
    expect(asCitizen.status).toBe(403);
    const bad = await t.call('POST', '/api/v1/admin/applicants/42/erase', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'params.subjectId' })]);
  });

  it('after an erasure, shows `erased` in the views and APIs and keeps the case history exactly as it was', async () => {
    const erased = await t.call('POST', `/api/v1/admin/applicants/${subjectId}/erase`, { token: admin });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ subjectId, personalData: 'erased', erasedNow: true });
    const again = await t.call('POST', `/api/v1/admin/applicants/${subjectId}/erase`, { token: admin });
    expect(again.body).toMatchObject({ erasedAt: erased.body.erasedAt, erasedNow: false }); // idempotent
    await t.settled();

    const own = await t.call('GET', `/api/v1/appeals/${appealId}`, { token: citizen });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      personalData: 'erased',
      applicant: { type: 'individual', personalData: 'erased' },
      text: 'erased',
      status: expect.any(String),
    });
    for (const clear of CLEAR) expect(JSON.stringify(own.body)).not.toContain(clear);
    const cabinet = await t.call('GET', '/api/v1/me/appeals', { token: citizen });
    expect(cabinet.body.items.map((a: { appealId: string }) => a.appealId)).toContain(appealId); // the case stays

    const history = await t.call('GET', `/api/v1/audit/appeals/${appealId}/history`, { token: auditor });
    // not one event changed (hashes over the ciphertext still verify), and the history shows the erasure
    expect(history.body.events).toEqual((historyBefore as { events: unknown[] }).events);
    expect(history.body.personalData).toEqual({
      subjectId,
      erasures: [
        expect.objectContaining({
          type: 'ApplicantDataErased',
          actor: expect.objectContaining({ role: 'admin' }),
          data: { subjectId, erasedAt: erased.body.erasedAt },
        }),
      ],
    });
  });

  it('shows `erased` after a rebuild of the views from the event log', async () => {
    const started = await t.call('POST', '/api/v1/admin/projections/rebuild', { token: admin });
    expect(started.status).toBe(202);
    const done = await pollUntil(
      () => t.call('GET', `/api/v1/admin/projections/rebuild/${started.body.id}`, { token: admin }),
      (r) => r.body?.state === 'done' || r.body?.state === 'failed',
    );
    expect(done.body.state).toBe('done');
    const own = await t.call('GET', `/api/v1/appeals/${appealId}`, { token: citizen });
    expect(own.body).toMatchObject({ personalData: 'erased', text: 'erased' });
  });

  it('shows `erased` after a restart, when the whole log is replayed into the views', async () => {
    await t.stop();
    t = await startSystem({ dataDir });
    const auditorAgain = await t.token('auditor');
    await t.settled();
    const reply = await t.call('GET', `/api/v1/appeals/${appealId}`, { token: auditorAgain });
    expect(reply.body).toMatchObject({
      personalData: 'erased',
      applicant: { type: 'individual', personalData: 'erased' },
    });
  });
});
