import { fileLinkedAppeals, startLinkedAppealsProcess } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import { createInMemoryCheckpointStore, type Subscription } from '@appeals/eventstore';
import { actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';

// A forwarded part recorded on the parent whose linked appeal was not filed (the request died after the forward):
// the linked appeals process files it from the forward (ADR 0028) — or, when the applicant was erased meanwhile,
// reports it and goes on, so later links are not held up.

let s: TestPlatform;
let running: Subscription | undefined;
let reported: string[];
beforeEach(() => {
  s = createTestPlatform();
  reported = [];
});
afterEach(async () => {
  await running?.stop();
  await s.stop();
});

/** The forward of a part as recorded, without its linked appeal: what a crash right after the append leaves. */
async function forwardedPartOnly(appealId: string): Promise<string> {
  const childAppealId = randomUUID();
  await s.commands.execute(
    appealId,
    {
      type: 'ForwardAppeal',
      now: s.clock(),
      actor: actors.registrar,
      data: {
        toAgencyId: 'mon',
        scope: 'part',
        partDescription: 'Школа №12 тоже без отопления',
        childAppealId,
        reason: 'Школы — компетенция министерства',
      },
    },
    { service: 'routing' },
  );
  return childAppealId;
}

const startProcess = () => {
  running = startLinkedAppealsProcess({
    store: s.store,
    checkpoints: createInMemoryCheckpointStore(),
    commands: s.commands,
    service: 'response',
    onError: (_error, context) => reported.push(context),
  });
  return running;
};

it('files the part from the recorded forward: under the parent’s number, by routing, its description sealed', async () => {
  const appealId = await s.routedAppeal();
  const childId = await forwardedPartOnly(appealId);
  expect(await s.events(childId)).toEqual([]);

  await startProcess().caughtUp();

  const child = await s.events(childId);
  expect(child.map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealRegistered']);
  expect(child[0]!.metadata).toMatchObject({ service: 'routing', actor: actors.registrar });
  const parent = (await s.events(appealId)).find((e) => e.type === 'AppealRegistered')!;
  const { registrationNumber } = parent.data as EventData<'AppealRegistered'>;
  expect((child[1]!.data as EventData<'AppealRegistered'>).registrationNumber).toBe(
    `${registrationNumber}/1`,
  );
  const { text } = child[0]!.data as EventData<'AppealSubmitted'>;
  expect(await s.vault.open(text, 'text')).toEqual({
    status: 'present',
    value: 'Школа №12 тоже без отопления',
  });
  // and again: nothing more
  expect(await fileLinkedAppeals(s.commands, appealId, { service: 'routing' })).toEqual([]);
});

it('reports a part whose applicant was erased before it was filed, and files the next link all the same', async () => {
  const erasedId = await s.routedAppeal();
  const lostChild = await forwardedPartOnly(erasedId);
  const { state } = await s.commands.load(erasedId);
  if (state.status === 'none') throw new Error('not filed');
  await s.vault.erase(state.subjectId, s.clock());
  const otherId = await s.routedAppeal();
  const nextChild = await forwardedPartOnly(otherId);

  await startProcess().caughtUp();

  expect(await s.events(lostChild)).toEqual([]);
  expect(reported).toEqual([
    `linked appeals: the linked appeal of ${erasedId} cannot be filed; left for an operator`,
  ]);
  expect((await s.events(nextChild)).map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealRegistered']);
});
