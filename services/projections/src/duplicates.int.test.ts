import type { AppealCommand } from '@appeals/appeal-domain';
import type { Principal } from '@appeals/http';
import { TRACKING_CODE, actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { startProjector } from './projector';
import { queriesRouter } from './queries.http';

// What GET /appeals/{id} shows of duplicates: staff see the possible duplicates intake found and the duplicates merged
// in, as links to appeals they may see; the applicant of a merged appeal reads the answer of the appeal it was merged
// into through their own appeal (one case, one answer). The events are the given, run through the appeal commands.

const { executor: EXECUTOR, citizen: CITIZEN } = principals;
const ASTANA_REGISTRAR: Principal = { sub: 'reg-a', role: 'registrar', agencyId: 'akimat-astana' };
const ANSWER = 'Теплоснабжение дома восстановлено, причина аварии устранена.';

let s: TestPlatform;
beforeEach(async () => {
  s = createTestPlatform();
  s.mount(queriesRouter(s));
  await startProjector(s.bus, s);
});
afterEach(() => s.stop());

const run = (appealId: string, type: AppealCommand['type'], data: object, actor = actors.registrar) =>
  s.commands.execute(appealId, { type, data, now: s.clock(), actor } as AppealCommand, {
    service: 'response',
  });
const filed = (serial: string) => s.routedAppeal({ numbering: { type: 'dated', serial } });
const read = (id: string, who?: Principal, query = '') => s.get(`/appeals/${id}${query}`, who);

async function answered(appealId: string) {
  const draftId = randomUUID();
  await run(appealId, 'AssignExecutors', { executorIds: [EXECUTOR.sub] }, actors.head);
  const answer = {
    draftId,
    text: ANSWER,
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
  };
  await run(appealId, 'DraftAnswer', answer, actors.executor);
  await run(appealId, 'ApproveAnswer', { draftId }, actors.approver);
  await run(appealId, 'SendAnswer', { draftId }, actors.approver);
}

describe('possible duplicates in the appeal view', () => {
  it('shows staff the earlier appeals they may see, with their subject and status, and the applicant none of them', async () => {
    const [earlier, hidden, later] = [await filed('AAAAAA'), await s.submitAppeal(), await filed('CCCCCC')];
    await s.route(hidden, 'akimat-astana');
    const match = (appealId: string, registrationNumber: string) => ({
      appealId,
      registrationNumber,
      reasons: ['similar_text'],
      score: 0.9,
    });
    await run(later, 'RecordPossibleDuplicates', {
      matches: [match(earlier, '20260302-AAAAAA'), match(hidden, '20260302-HIDDEN')],
      threshold: 0.5,
    });
    await s.settled();

    const staff = await read(later, EXECUTOR);
    expect(staff.body.possibleDuplicates).toEqual([
      { ...match(earlier, '20260302-AAAAAA'), subject: 'Нет отопления', status: 'routed' },
    ]);
    expect((await read(hidden, ASTANA_REGISTRAR)).status).toBe(200); // the Astana staff see theirs…
    const own = await read(later, CITIZEN);
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('possibleDuplicates');
    expect(own.body).not.toHaveProperty('drafts');
  });
});

describe('a merged appeal in the view', () => {
  it('lists B on A for staff, and shows B’s applicant A’s answer through B’s tracking code', async () => {
    const [a, b] = [await filed('AAAAAA'), await filed('BBBBBB')];
    await run(a, 'RecordMergedDuplicate', {
      duplicate: { appealId: b, registrationNumber: '20260302-BBBBBB' },
    });
    await run(b, 'MergeAppeal', {
      into: { appealId: a, status: 'routed', registrationNumber: '20260302-AAAAAA' },
    });
    await answered(a);
    await s.settled();

    expect((await read(a, EXECUTOR)).body.mergedDuplicates).toEqual([
      { appealId: b, registrationNumber: '20260302-BBBBBB', subject: 'Нет отопления', status: 'merged' },
    ]);
    const byCode = await read(b, undefined, `?trackingCode=${TRACKING_CODE}`);
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({
      status: 'merged',
      mergedInto: { appealId: a, registrationNumber: '20260302-AAAAAA', status: 'answered' },
      answer: { text: ANSWER, answerCharacter: 'satisfied' },
    });
    expect(byCode.body).not.toHaveProperty('mergedDuplicates');
  });
});
