import { createDuplicateFinder } from '@appeals/appeal-application';
import { createInMemoryIdempotencyStore, type IdempotencyStore } from '@appeals/http';
import { MONDAY_10AM, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { submitAppealRouter } from './submitAppeal.http';

// A retry whose first attempt filed the appeal but died before its answer was kept (a killed process, a lost
// connection): the retry goes on with the first attempt's plan, so the appeal is filed once and the client learns
// its id and tracking code (chaos under load found 23 of 200 appeals filed twice before this).

/** An idempotency store that loses the first `lost` answers it is given, as a process killed after its append. */
function forgetfulStore(lost: number): IdempotencyStore {
  const store = createInMemoryIdempotencyStore();
  let forgotten = 0;
  return {
    ...store,
    async put(key, response) {
      if (forgotten++ < lost) return;
      await store.put(key, response);
    },
  };
}

function startIntake(idempotency: IdempotencyStore): TestPlatform {
  const p = createTestPlatform({ start: MONDAY_10AM });
  p.mount(
    submitAppealRouter({ ...p, profileId: 'kz-appk', idempotency, duplicates: createDuplicateFinder(p) }),
  );
  return p;
}

const housing = {
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751510000',
  language: 'ru',
  subject: 'Нет отопления',
  text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры.',
  applicant: { type: 'anonymous' },
};

describe('POST /api/v1/appeals retried after the first attempt filed it but its answer was lost', () => {
  it('answers the appeal the first attempt filed (same id, number and tracking code) and files nothing more', async () => {
    const s = startIntake(forgetfulStore(1));
    const key = { 'idempotency-key': 'lost-answer-1' };
    const first = await s.post('/appeals', undefined, housing, key);
    expect(first.status).toBe(201);
    const size = await s.logSize();

    const retry = await s.post('/appeals', undefined, housing, key);

    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // not a replay: the answer was rebuilt
    expect(retry.body).toMatchObject({
      id: first.body.id,
      trackingCode: first.body.trackingCode,
      registrationNumber: first.body.registrationNumber,
      registeredAt: first.body.registeredAt,
      deadline: first.body.deadline,
    });
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await s.logSize()).toBe(size);
    const submitted = (await s.events(first.body.id)).filter((e) => e.type === 'AppealSubmitted');
    expect(submitted).toHaveLength(1);
  });

  it('keeps the rebuilt answer, so a third attempt is a plain replay', async () => {
    const s = startIntake(forgetfulStore(1));
    const key = { 'idempotency-key': 'lost-answer-2' };
    const first = await s.post('/appeals', undefined, housing, key);
    await s.post('/appeals', undefined, housing, key);

    const third = await s.post('/appeals', undefined, housing, key);

    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body.id).toBe(first.body.id);
  });

  it('refuses the key with another body (422 naming the header) and files nothing, though no answer was kept', async () => {
    const s = startIntake(forgetfulStore(1));
    const key = { 'idempotency-key': 'lost-answer-3' };
    await s.post('/appeals', undefined, housing, key);
    const size = await s.logSize();

    const other = await s.post('/appeals', undefined, { ...housing, subject: 'Другая тема' }, key);

    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
    expect(await s.logSize()).toBe(size);
  });

  it('files two appeals for two keys, even with the same body', async () => {
    const s = startIntake(forgetfulStore(2));
    const one = await s.post('/appeals', principals.citizen, housing, { 'idempotency-key': 'k-one' });
    const two = await s.post('/appeals', principals.citizen, housing, { 'idempotency-key': 'k-two' });
    expect(one.body.id).not.toBe(two.body.id);
  });
});
