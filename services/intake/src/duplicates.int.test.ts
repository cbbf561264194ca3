import { DUPLICATE_INDEX } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import { MONDAY_10AM, principals, type TestPlatform } from '@appeals/testkit';
import { intakeTestPlatform } from './intakeTestPlatform';

// Intake looks for earlier appeals a new one may repeat (docs/duplicates.md) and records what it found with the
// new appeal's own events: the same applicant (IIN/BIN through a blind index, or the same account), and a
// near-identical text in the same category and region.

const IIN = '900101400122';
const OTHER_IIN = '870312450019';
const HEATING =
  'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры к управляющей компании.';
const HEATING_RETYPED =
  'Здравствуйте! в доме по улице ТИМИРЯЗЕВА 42 уже третью неделю нет отопления!!! Прошу принять меры к управляющей компании';
const ROADS = 'На улице Абая возле школы глубокие ямы, машины ломаются, дети ходят по проезжей части.';

const appeal = (text: string, over: Record<string, unknown> = {}) => ({
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Обращение',
  text,
  applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
  ...over,
});
const withIin = (iin: string) => ({ applicant: { type: 'individual', fullName: 'Айгерим Садыкова', iin } });

let s: TestPlatform;
beforeEach(() => {
  s = intakeTestPlatform({ start: MONDAY_10AM });
});
afterEach(() => s.stop());

/** Files an appeal and returns its id, registration number and what intake found. */
async function file(body: object, who?: Principal) {
  const reply = await s.post('/appeals', who, body);
  expect(reply.status).toBe(201);
  const events = await s.events(reply.body.id);
  const found = events.find((e) => e.type === 'AppealPossibleDuplicatesFound')?.data as
    | EventData<'AppealPossibleDuplicatesFound'>
    | undefined;
  const submitted = events[0]!.data as EventData<'AppealSubmitted'>;
  return {
    id: reply.body.id as string,
    number: reply.body.registrationNumber as string,
    found,
    events,
    submitted,
    version: reply.body.version,
  };
}

describe('looking for possible duplicates on intake', () => {
  it('records an earlier near-identical text in the same category and region, with its number and score', async () => {
    const first = await file(appeal(HEATING));
    const second = await file(appeal(HEATING_RETYPED));
    expect(second.events.map((e) => e.type)).toEqual([
      'AppealSubmitted',
      'AppealRegistered',
      'AppealPossibleDuplicatesFound',
    ]);
    expect(second.found).toEqual({
      appealId: second.id,
      matches: [
        {
          appealId: first.id,
          registrationNumber: first.number,
          reasons: ['similar_text'],
          score: expect.any(Number),
        },
      ],
      threshold: 0.5,
      checkedAt: '2026-03-02T05:00:00.000Z',
    });
    expect(second.found!.matches[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(second.version).toBe(2); // the answer's version counts the recorded finding
    expect(first.found).toBeUndefined();
  });

  it('does not take the same words in another region, or another matter, for a duplicate', async () => {
    await file(appeal(HEATING));
    expect((await file(appeal(HEATING_RETYPED, { regionKato: '751210000' }))).found).toBeUndefined();
    expect((await file(appeal(ROADS))).found).toBeUndefined();
  });

  it('finds the earlier appeals of the same IIN, whatever they are about, and no one else’s', async () => {
    const first = await file(appeal(HEATING, withIin(IIN)));
    await file(appeal(HEATING.replace('42', '7'), withIin(OTHER_IIN)));
    const second = await file(appeal(ROADS, { categoryId: 'roads_transport', ...withIin(IIN) }));
    expect(second.found?.matches).toEqual([
      expect.objectContaining({ appealId: first.id, reasons: ['same_applicant'] }),
    ]);
  });

  it('finds the earlier appeals of the same account', async () => {
    const first = await file(appeal(HEATING), principals.citizen);
    const second = await file(appeal(ROADS, { categoryId: 'roads_transport' }), principals.citizen);
    expect(second.found?.matches).toEqual([
      expect.objectContaining({ appealId: first.id, reasons: ['same_applicant'] }),
    ]);
  });

  it('keeps neither the IIN nor the text in clear in its index', async () => {
    await file(appeal(HEATING, withIin(IIN)));
    const { items } = await s.views.find(DUPLICATE_INDEX);
    expect(items).toHaveLength(1);
    const stored = JSON.stringify(items);
    for (const clear of [IIN, 'Тимирязева', 'тим', 'отопления']) expect(stored).not.toContain(clear);
  });

  it('forgets an applicant whose personal data was erased: a later twin no longer finds their appeal', async () => {
    const first = await file(appeal(HEATING, withIin(IIN)));
    const erased = await s.post(`/admin/applicants/${first.submitted.text.subjectId}/erase`, {
      sub: 'admin-1',
      role: 'admin',
    });
    expect(erased.status).toBe(200);
    const { items } = await s.views.find(DUPLICATE_INDEX);
    expect(items).toEqual([expect.objectContaining({ appealId: first.id, erased: true })]);
    expect(JSON.stringify(items)).not.toContain('sketch');
    expect((await file(appeal(HEATING, withIin(IIN)))).found).toBeUndefined();
  });
});

describe('an IIN or BIN with a wrong check digit', () => {
  it('is refused with 400 problem+json naming the field, and nothing is filed', async () => {
    const size = await s.logSize();
    const iin = await s.post('/appeals', undefined, appeal(HEATING, withIin('900101400123')));
    expect(iin.status).toBe(400);
    expect(iin.headers['content-type']).toContain('application/problem+json');
    expect(iin.body.errors).toEqual([
      expect.objectContaining({
        field: 'body.applicant.iin',
        message: expect.stringContaining('check digit'),
      }),
    ]);
    const bin = await s.post(
      '/appeals',
      undefined,
      appeal(HEATING, {
        applicant: {
          type: 'legal',
          bin: '123456789012',
          organisationName: 'ТОО Жылу',
          representative: 'Айгерим Садыкова',
        },
      }),
    );
    expect(bin.status).toBe(400);
    expect(bin.body.errors).toEqual([expect.objectContaining({ field: 'body.applicant.bin' })]);
    expect(await s.logSize()).toBe(size);
  });
});
