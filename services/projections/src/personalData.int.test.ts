import { applicantStream } from '@appeals/contracts';
import { HOUSING_APPEAL, actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { startProjector } from './projector';
import { queriesRouter } from './queries.http';
import { Views, type AppealDetail } from './views';

// Personal data in the read side (ADR 0006, ADR "sealed read views"): the views keep it sealed as the events carry
// it, the read routes open it for readers allowed to see the appeal, and after an erasure it opens as `erased`.
// Details written by earlier projectors, with the data opened into a personal view, still read and are scrubbed.

const CITIZEN = { sub: actors.citizen.id, role: 'applicant' as const };
const AUDITOR = { sub: 'auditor-1', role: 'auditor' as const };
const NAME = 'Айгерим Садыкова';
const IIN = '900101400122';
const PHONE = '+77011234567';
const applicant = { type: 'individual' as const, fullName: NAME, iin: IIN, phone: PHONE };

let s: TestPlatform;
beforeEach(async () => {
  s = createTestPlatform();
  s.mount(queriesRouter(s));
  await startProjector(s.bus, s);
});
afterEach(async () => {
  await s.stop();
});

/** What an admin's erase command does: delete the key, record the erasure in the subject's stream. */
async function erase(subjectId: string) {
  const erasedAt = s.clock().toISOString();
  expect(await s.vault.erase(subjectId, s.clock())).toBe('erased');
  await s.store.append(
    applicantStream(subjectId),
    [{ id: randomUUID(), type: 'ApplicantDataErased', data: { subjectId, erasedAt }, metadata: {} }],
    { expectedVersion: 'no_stream' },
  );
}

/** Every document of every view, as one string (what a dump of the read store would show). */
async function everyView(): Promise<string> {
  const all = await Promise.all(Object.values(Views).map((c) => s.views.find(c, { limit: 1000 })));
  return JSON.stringify(all);
}

describe('personal data in the views', () => {
  it('answers the appeal with its sealed parts marked unreadable when their ciphertext was altered in the views, not an error', async () => {
    const id = await s.submitAppeal({ applicant });
    await s.settled();
    const stored = (await s.views.get<AppealDetail & Record<string, any>>(Views.detail, id))!;
    const { _revision, ...doc } = stored;
    const text = doc.sealed!.text as unknown as { ciphertext: string };
    // one character of the ciphertext changed where the view keeps it (a copied, edited database)
    const flipped = text.ciphertext[5] === 'A' ? 'B' : 'A';
    text.ciphertext = `${text.ciphertext.slice(0, 5)}${flipped}${text.ciphertext.slice(6)}`;
    await s.views.upsert(Views.detail, id, doc, _revision + 1);

    const read = await s.get(`/appeals/${id}`, AUDITOR);

    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      appealId: id,
      status: 'registered',
      personalData: 'unreadable',
      applicant: { type: 'individual', personalData: 'unreadable' },
      text: null,
    });
    expect(JSON.stringify(read.body)).not.toContain(NAME);
  });

  it('shows the applicant block and the text, opened, to a reader allowed to see the appeal', async () => {
    const id = await s.submitAppeal({ applicant });
    await s.settled();
    const own = await s.get(`/appeals/${id}`, CITIZEN);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      personalData: 'present',
      applicant,
      text: HOUSING_APPEAL.text,
      subjectId: expect.any(String),
    });
    expect((await s.get(`/appeals/${id}`, AUDITOR)).body.applicant).toEqual(applicant);
    // the lists (cabinet, inbox) carry no personal data at all
    const cabinet = await s.get('/me/appeals', CITIZEN);
    expect(JSON.stringify(cabinet.body)).not.toContain(NAME);
  });

  it('gives all appeals of one account one subject, and an appeal without an account a subject of its own', async () => {
    const [a, b] = [await s.submitAppeal({ applicant }), await s.submitAppeal({ applicant })];
    const anonymousCaller = await s.submitAppeal({ applicant, applicantAccountId: undefined });
    await s.settled();
    const subjectOf = async (id: string) => (await s.get(`/appeals/${id}`, AUDITOR)).body.subjectId as string;
    expect(await subjectOf(a)).toBe(await subjectOf(b));
    expect(await subjectOf(anonymousCaller)).not.toBe(await subjectOf(a));
  });
});

describe('when the applicant’s data is erased', () => {
  it('shows every appeal of the subject as erased, and leaves other subjects alone; the views never held it in clear', async () => {
    const [first, second] = [await s.submitAppeal({ applicant }), await s.submitAppeal({ applicant })];
    const other = await s.submitAppeal({
      applicant: { type: 'individual', fullName: 'Ерлан Ахметов' },
      text: 'В подъезде на улице Сатпаева, 5 не работает лифт.',
      applicantAccountId: 'citizen-2',
    });
    await s.settled();
    const subjectId = (await s.get(`/appeals/${first}`, AUDITOR)).body.subjectId as string;
    const before = await everyView();
    expect(before).toContain(subjectId);
    for (const clear of [NAME, IIN, PHONE, HOUSING_APPEAL.text]) expect(before).not.toContain(clear);

    await erase(subjectId);
    await s.settled();

    for (const id of [first, second]) {
      const reply = await s.get(`/appeals/${id}`, CITIZEN);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        personalData: 'erased',
        applicant: { type: 'individual', personalData: 'erased' },
        text: 'erased',
        status: 'registered', // the case itself stays
      });
    }
    const views = await everyView();
    for (const clear of [NAME, IIN, PHONE, HOUSING_APPEAL.text]) expect(views).not.toContain(clear);
    expect((await s.get(`/appeals/${other}`, AUDITOR)).body).toMatchObject({
      applicant: { fullName: 'Ерлан Ахметов' },
      text: 'В подъезде на улице Сатпаева, 5 не работает лифт.',
    });
  });

  it('shows erased even when the appeal reaches the projector only after the erasure', async () => {
    const late = createTestPlatform();
    try {
      late.mount(queriesRouter(late));
      const id = await late.submitAppeal({ applicant });
      const { body } = { body: (await late.events(id))[0]!.data as { text: { subjectId: string } } };
      await late.vault.erase(body.text.subjectId, late.clock());
      await startProjector(late.bus, late); // the projector starts after the key is gone
      await late.settled();
      expect((await late.get(`/appeals/${id}`, AUDITOR)).body).toMatchObject({
        personalData: 'erased',
        text: 'erased',
      });
    } finally {
      await late.stop();
    }
  });

  it('reads and scrubs the opened personal view of a detail written before the views held it sealed', async () => {
    const id = await s.submitAppeal({ applicant });
    await s.settled();
    const { _revision, sealed: _sealed, ...current } = (await s.views.get<AppealDetail>(Views.detail, id))!;
    // what an earlier projector left: a detail without the sealed blocks, the personal data opened beside it
    const legacy = randomUUID();
    await s.views.upsert(Views.detail, legacy, { ...current, appealId: legacy }, _revision);
    const personal = { appealId: legacy, subjectId: current.subjectId, personalData: 'present', applicant };
    await s.views.upsert(Views.personal, legacy, { ...personal, text: 'Старый текст' }, 1);
    expect((await s.get(`/appeals/${legacy}`, AUDITOR)).body).toMatchObject({
      applicant,
      text: 'Старый текст',
    });

    await erase(current.subjectId);
    await s.settled();
    expect((await s.get(`/appeals/${legacy}`, AUDITOR)).body).toMatchObject({
      personalData: 'erased',
      applicant: { type: 'individual', personalData: 'erased' },
      text: 'erased',
    });
    expect(await everyView()).not.toContain(NAME);
  });
});
