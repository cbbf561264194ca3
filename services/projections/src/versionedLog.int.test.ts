import { toDomainEvent } from '@appeals/appeal-application';
import type { NewEvent } from '@appeals/eventstore';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ViewGenerations, viewNamesOf } from './generations';
import { startProjector } from './projector';
import { createViewRebuilder } from './rebuild';
import { openDetail } from './openDetail';
import { Views, type AppealDetail } from './views';

// A log written with v1 shapes (packages/contracts/fixtures/v1-log.jsonl: a ComplaintFiled from before complaint
// kinds, and an appeal whose events carry no schemaVersion at all) read through every path that reads events: the
// store (commands fold it), the bus (the live projector) and a rebuild. Each gets the current shapes; the stored
// bytes stay as they were written.

const FIXTURE = join(__dirname, '..', '..', '..', 'packages', 'contracts', 'fixtures', 'v1-log.jsonl');
const A = '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f';
const B = '6c1d3f2a-9e5b-4d4c-8f70-2b3c4d5e6f70';
/** the applicant of the fixture's appeals; the fixture carries no keys, so here their data was erased since */
const SUBJECT = '3f2e1d0c-9b8a-4766-a554-433221100fed';

type FixtureLine = NewEvent & { streamId: string };
const fixture = (): FixtureLine[] =>
  readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as FixtureLine);

let s: TestPlatform;
afterEach(async () => {
  await s.stop();
});

/** The platform with the live projector on the bus, and the fixture appended to its store in log order. */
async function platformWithTheV1Log() {
  s = createTestPlatform();
  const generations = new ViewGenerations(s.views);
  await generations.load();
  await startProjector(s.bus, s, 'projections', generations);
  const createdAt = '2026-03-02T05:00:00.000Z';
  await s.keys.create({ subjectId: SUBJECT, masterKeyId: 'gone', wrappedKey: new Uint8Array(60), createdAt });
  await s.keys.erase(SUBJECT, '2026-05-01T00:00:00.000Z');
  for (const { streamId, ...event } of fixture())
    await s.store.append(streamId, [event], { expectedVersion: 'any' });
  await s.settled();
  return generations;
}

const complaintsOf = async (collection: string) =>
  (await s.views.get<{ complaints: unknown[] }>(collection, A))?.complaints;

describe('a log written with v1 shapes', () => {
  it('reads through the store in current shapes, the stored bytes untouched', async () => {
    await platformWithTheV1Log();
    const stored = await s.store.readStream(`appeal-${A}`);
    const complaint = stored.find((e) => e.type === 'ComplaintFiled')!;
    expect(complaint.metadata.schemaVersion).toBe(1);
    expect(complaint.data).not.toHaveProperty('kind');
    expect(toDomainEvent(complaint).data).toMatchObject({ kind: 'complaint' });
    const { state } = await s.commands.load(A);
    expect(state.status).toBe('answered');
    expect((await s.commands.load(B)).state.status).toBe('routed');
  });

  it('reaches the views through the bus in current shapes', async () => {
    await platformWithTheV1Log();
    expect(s.busProblems).toEqual([]);
    expect(await complaintsOf(Views.detail)).toEqual([
      expect.objectContaining({ kind: 'complaint', higherAgencyId: 'akimat-almaty-region' }),
    ]);
    expect(await s.views.get(Views.detail, B)).toMatchObject({ status: 'routed' });
    // the view keeps the v1 submission sealed as it came (ADR 0029); read, it opens as erased
    const detail = (await s.views.get<AppealDetail>(Views.detail, A))!;
    expect(detail.sealed).toBeDefined();
    expect(await openDetail(s, Views, detail)).toMatchObject({ personalData: 'erased', text: 'erased' });
  });

  it('rebuilds the same views from it', async () => {
    const generations = await platformWithTheV1Log();
    const live = await s.views.find(Views.detail, { sort: [['appealId', 'asc']] });
    const rebuilder = createViewRebuilder({ ...s, generations });
    rebuilder.start();
    await rebuilder.finished();
    expect(generations.generation).toBe(2);
    expect(await complaintsOf(viewNamesOf(2).detail)).toEqual([
      expect.objectContaining({ kind: 'complaint' }),
    ]);
    expect(await s.views.find(viewNamesOf(2).detail, { sort: [['appealId', 'asc']] })).toEqual(live);
  });
});
