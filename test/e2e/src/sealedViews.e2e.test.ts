import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearValuesIn, holds } from './clearScan';
import { readAppeal, startSystem, type TestSystem } from './client';
import { housingAppeal } from './lifecycle.scenarios';

// The read views hold no personal data in clear (ADR "sealed read views"): an applicant files appeals with
// distinctive personal data and remarks, the projections catch up, and every byte of the views database's files
// (views.db, its write-ahead log and shared memory) is searched for each value, as UTF-8, UTF-16 and JSON-escaped
// text. The API still shows them, opened, to the applicant.

const NAME = 'Зарина Қуанышбекова';
const IIN = '920415430819';
const PHONE = '+77052468135';
const EMAIL = 'zarina.kuanyshbekova@example.kz';
const ADDRESS = 'г. Алматы, мкр. Самал-2, д. 58, кв. 301';
const TEXT = 'Во дворе дома в мкр. Самал-2, 58 с весны разрыта траншея, дети ходят по краю ямы.';
const COMMENT = 'Траншею засыпали наполовину, ответ Зарины не устроил';
const REOPEN_REASON = 'Яма у подъезда Самал-2 всё ещё открыта, прошу проверить';
const WITHDRAW_REASON = 'Вопрос решился сам: соседка Жанар договорилась с подрядчиком';
const CLEAR = { NAME, IIN, PHONE, EMAIL, ADDRESS, TEXT, COMMENT, REOPEN_REASON, WITHDRAW_REASON };
const APPLICANT = {
  type: 'individual',
  fullName: NAME,
  iin: IIN,
  phone: PHONE,
  email: EMAIL,
  address: ADDRESS,
};
const DISTRICT = 'akimat-almaty-bostandyk';

/** The clear values found in the files of the data folder whose names start with `prefix`. */
function clearValuesInFiles(dataDir: string, prefix: string): { files: string[]; found: string[] } {
  const files = readdirSync(dataDir).filter((f) => f.startsWith(prefix));
  const found = files.flatMap((file) => clearValuesIn(readFileSync(join(dataDir, file)), CLEAR, file));
  return { files, found };
}

const dataDir = mkdtempSync(join(tmpdir(), 'appeals-sealed-views-'));
let t: TestSystem;
afterAll(async () => {
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Files an appeal and takes it through to an answer the applicant can rate; returns its id. */
async function answered(citizen: string): Promise<string> {
  const filed = await t.call('POST', '/api/v1/appeals', {
    token: citizen,
    body: housingAppeal({ text: TEXT, applicant: APPLICANT }),
  });
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  const registrar = await t.token('registrar', { agencyId: DISTRICT, sub: 'reg-sv' });
  const executor = await t.token('executor', { agencyId: DISTRICT, sub: 'exec-sv' });
  const approver = await t.token('approver', { agencyId: DISTRICT, sub: 'head-sv' });
  expect((await readAppeal(t.call, id, { waitFor: 'routed' }, { token: registrar })).body.status).toBe(
    'routed',
  );
  const act = async (token: string, action: string, body: unknown) => {
    const reply = await t.call('POST', `/api/v1/appeals/${id}/${action}`, { token, body });
    expect({ action, status: reply.status, body: reply.body }).toMatchObject({ status: 200 });
    return reply;
  };
  await act(registrar, 'assign', { executorIds: ['exec-sv'] });
  await act(executor, 'hearing', { held: false, reason: 'Заявитель не просил о заслушивании' });
  const draft = await act(executor, 'draft-answer', {
    text: 'Траншея будет засыпана подрядчиком до конца месяца.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  });
  const drafts = (await readAppeal(t.call, id, { minVersion: draft.body.version }, { token: approver })).body
    .drafts;
  const draftId = Object.keys(drafts)[0];
  await act(approver, 'approve-answer', { draftId });
  await act(approver, 'send-answer', { draftId });
  return id;
}

describe('the read views hold no personal data in clear', () => {
  let citizen: string;
  let rated: string;
  let withdrawn: string;

  beforeAll(async () => {
    t = await startSystem({ dataDir });
    citizen = await t.token('applicant', { sub: 'citizen-zarina' });
    rated = await answered(citizen);
    const rate = await t.call('POST', `/api/v1/appeals/${rated}/rate`, {
      token: citizen,
      body: { score: 2, comment: COMMENT },
    });
    expect(rate.status).toBe(200);
    const reopen = await t.call('POST', `/api/v1/appeals/${rated}/reopen`, {
      token: citizen,
      body: { reason: REOPEN_REASON },
    });
    expect(reopen.status).toBe(200);
    const filed = await t.call('POST', '/api/v1/appeals', {
      token: citizen,
      body: housingAppeal({ text: TEXT, applicant: APPLICANT }),
    });
    withdrawn = filed.body.id;
    const withdraw = await t.call('POST', `/api/v1/appeals/${withdrawn}/withdraw`, {
      token: citizen,
      body: { reason: WITHDRAW_REASON },
    });
    expect(withdraw.status).toBe(200);
    await t.settled();
  }, 60_000);

  it('finds none of the name, IIN, phone, e-mail, address, text or remarks in the views database files', () => {
    const { files, found } = clearValuesInFiles(dataDir, 'views.db');
    expect(files).toContain('views.db');
    // the scan does see what the views hold in clear: the subject line and the appeal ids
    const all = Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))));
    expect(holds(all, 'Нет отопления в доме')).toBe(true);
    expect(all.includes(Buffer.from(rated))).toBe(true);
    expect(found).toEqual([]);
  });

  it('finds none of them in the event log either (the remarks are sealed like the text)', () => {
    expect(clearValuesInFiles(dataDir, 'appeals.db').found).toEqual([]);
  });

  it('still shows them, opened, to the applicant', async () => {
    const own = await t.call('GET', `/api/v1/appeals/${rated}`, { token: citizen });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ personalData: 'present', applicant: APPLICANT, text: TEXT });
    const entries = own.body.timeline.map((e: { type: string; summary: unknown }) => [e.type, e.summary]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['AnswerRated', { score: 2, comment: COMMENT }],
        ['AppealReopened', expect.objectContaining({ reason: REOPEN_REASON })],
      ]),
    );
    const gone = await t.call('GET', `/api/v1/appeals/${withdrawn}`, { token: citizen });
    expect(gone.body).toMatchObject({ status: 'withdrawn', text: TEXT });
    expect(gone.body.timeline.at(-1).summary).toMatchObject({ reason: WITHDRAW_REASON });
  });
});
