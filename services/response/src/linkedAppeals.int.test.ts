import { createAppealCommands, startLinkedAppealsProcess } from '@appeals/appeal-application';
import type { EventData } from '@appeals/contracts';
import {
  createInMemoryCheckpointStore,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type Subscription,
} from '@appeals/eventstore';
import type { Principal } from '@appeals/http';
import { createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { responseRouter } from './response.http';

// A complaint is two writes: ComplaintFiled on the complained appeal, then the complaint appeal itself (ADR 0028).
// Here the second write fails — a fault injected through a wrapper of the event store port — and the linked
// appeals process completes it: exactly one complaint appeal, the parent's event recorded exactly once.

const { citizen: CITIZEN, head: HEAD, executor: EXECUTOR, approver: APPROVER } = principals;
const REASON = 'Отопление снова отключили через два дня после ответа.';

/** The event store with a switch: while `failing`, filing a complaint appeal fails as a crash there would. */
interface Faults {
  failing: boolean;
  injected: number;
}
function faultyStore(store: EventStore, faults: Faults): EventStore {
  const isComplaintFiling = (events: NewEvent[]) =>
    events[0]?.type === 'AppealSubmitted' &&
    (events[0].data as EventData<'AppealSubmitted'>).origin.type === 'complaint';
  return {
    ...store,
    append: async (streamId, events, options) => {
      if (faults.failing && isComplaintFiling(events)) {
        faults.injected += 1;
        throw new Error('injected: the process died before the complaint appeal was written');
      }
      return store.append(streamId, events, options);
    },
  };
}

let s: TestPlatform;
let faults: Faults;
let reported: string[];
let processes: Subscription[];
beforeEach(() => {
  s = createTestPlatform();
  faults = { failing: false, injected: 0 };
  reported = [];
  processes = [];
  const commands = createAppealCommands(faultyStore(s.store, faults), s.jurisdictions.rulesFor, s.vault);
  s.mount(
    responseRouter({
      ...s,
      commands,
      service: 'response',
      onError: (_error, context) => reported.push(context),
    }),
  );
});
afterEach(async () => {
  for (const process of processes) await process.stop();
  await s.stop();
});

/** The linked appeals process as a restarted response service runs it (its checkpoint kept in `checkpoints`). */
const startProcess = (checkpoints = createInMemoryCheckpointStore()) => {
  const process = startLinkedAppealsProcess({
    store: s.store,
    checkpoints,
    commands: s.commands,
    service: 'response',
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    onError: (_error, context) => reported.push(context),
  });
  processes.push(process);
  return process;
};

const act = (appealId: string, action: string, body: object, who: Principal = HEAD) =>
  s.post(`/appeals/${appealId}/${action}`, who, body);

/** A routed appeal answered on Fri 20 Mar, complained about on Mon 30 Mar. */
async function answeredAppeal(): Promise<string> {
  const appealId = await s.routedAppeal({ numbering: { type: 'dated', serial: 'ABC123' } });
  expect((await act(appealId, 'assign', { executorIds: [EXECUTOR.sub] })).status).toBe(200);
  const body = {
    text: 'Отопление восстановлено.',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
  };
  expect((await act(appealId, 'draft-answer', { ...body, language: 'ru' }, EXECUTOR)).status).toBe(200);
  const drafted = (await s.events(appealId)).find((e) => e.type === 'AnswerDrafted')!;
  const { draftId } = drafted.data as EventData<'AnswerDrafted'>;
  expect((await act(appealId, 'approve-answer', { draftId }, APPROVER)).status).toBe(200);
  s.setNow('2026-03-20T15:00:00+05:00');
  expect((await act(appealId, 'send-answer', { draftId }, APPROVER)).status).toBe(200);
  s.setNow('2026-03-30T10:00:00+05:00');
  return appealId;
}

const ofType = (events: StoredEvent[], type: string) => events.filter((e) => e.type === type);
/** The complained appeal's ComplaintFiled events, and every complaint appeal in the log. */
async function complaintsOf(appealId: string) {
  const filed = ofType(await s.events(appealId), 'ComplaintFiled');
  const complaintAppeals = ofType(await s.store.readAll(), 'AppealSubmitted').filter(
    (e) => (e.data as EventData<'AppealSubmitted'>).origin.type === 'complaint',
  );
  return { filed: filed.map((e) => e.data as EventData<'ComplaintFiled'>), complaintAppeals };
}

describe('a complaint whose complaint appeal could not be written at once', () => {
  it('answers as recorded, and the linked appeals process files the complaint appeal: once, with the sealed reason', async () => {
    const appealId = await answeredAppeal();
    faults.failing = true;
    const reply = await act(appealId, 'complain', { reason: REASON, language: 'kk' }, CITIZEN);
    faults.failing = false;

    // the parent's event is the durable intent: recorded, and the answer says so
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: appealId, events: ['ComplaintFiled'] });
    expect(faults.injected).toBe(1);
    expect(reported).toEqual([`linked appeal of ${appealId} left to the linked appeals process`]);
    const before = await complaintsOf(appealId);
    expect(before.filed).toHaveLength(1);
    expect(before.complaintAppeals).toHaveLength(0); // the orphan the process exists for

    await startProcess().caughtUp();

    const { filed, complaintAppeals } = await complaintsOf(appealId);
    expect(filed).toHaveLength(1);
    expect(complaintAppeals).toHaveLength(1);
    const [submitted] = complaintAppeals;
    expect(submitted!.streamId).toBe(`appeal-${filed[0]!.complaintAppealId}`);
    expect(submitted!.data).toMatchObject({
      text: filed[0]!.reason, // the very sealed value ComplaintFiled holds
      language: 'kk',
      subject: 'Complaint: Нет отопления',
      addressedAgencyId: 'akimat-almaty-bostandyk',
      origin: { type: 'complaint', complainedAppealId: appealId, reviewerAgencyId: 'akimat-almaty' },
    });
    // filed as the request would have filed it: by the applicant, when the complaint was filed, by response
    expect(submitted!.metadata).toMatchObject({ service: 'response', actor: { id: CITIZEN.sub } });
    expect(submitted!.metadata.causationId).toBe(ofType(await s.events(appealId), 'ComplaintFiled')[0]!.id);
    expect(await s.vault.open(filed[0]!.reason, 'text')).toEqual({ status: 'present', value: REASON });
    const registered = (await s.events(filed[0]!.complaintAppealId))[1]!
      .data as EventData<'AppealRegistered'>;
    expect(registered).toMatchObject({
      registrationNumber: '20260302-ABC123-C1',
      registeredOn: '2026-03-30',
    });
  });

  it('keeps retrying with backoff while the write keeps failing, and completes once it can', async () => {
    const appealId = await answeredAppeal();
    faults.failing = true;
    expect((await act(appealId, 'complain', { reason: REASON }, CITIZEN)).status).toBe(200);
    const process = startLinkedAppealsProcess({
      store: s.store,
      checkpoints: createInMemoryCheckpointStore(),
      commands: createAppealCommands(faultyStore(s.store, faults), s.jurisdictions.rulesFor, s.vault),
      service: 'response',
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      onError: (_error, context) => reported.push(context),
    });
    processes.push(process);
    while (faults.injected < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await complaintsOf(appealId)).complaintAppeals).toHaveLength(0);
    expect(
      reported.filter((r) => r.startsWith('linked appeals: handle failed')).length,
    ).toBeGreaterThanOrEqual(2);

    faults.failing = false;
    await process.caughtUp();
    expect((await complaintsOf(appealId)).complaintAppeals).toHaveLength(1);
  });

  it('files nothing more when run again over a complete log (a restart without its checkpoint replays it all)', async () => {
    const appealId = await answeredAppeal();
    expect((await act(appealId, 'complain', { reason: REASON }, CITIZEN)).status).toBe(200);
    expect((await complaintsOf(appealId)).complaintAppeals).toHaveLength(1); // filed at once: the happy path
    const logSize = (await s.store.readAll()).length;

    await startProcess().caughtUp();
    await startProcess().caughtUp();

    expect((await s.store.readAll()).length).toBe(logSize);
    expect(reported).toEqual([]);
  });
});
