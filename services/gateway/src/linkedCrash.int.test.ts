import type { EventData } from '@appeals/contracts';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createEmbeddedSystem, type EmbeddedSystem } from './embedded';

// A real crash between the two writes of a linked appeal (ADR 0028), on the embedded system's SQLite files: a
// process records the parent's event (a forwarded part, a complaint) and is killed with SIGKILL before it files the
// linked appeal; the system started again on the same folder converges — exactly one linked appeal, the parent's
// event recorded exactly once.

const silent = { error: () => undefined, warn: () => undefined };
const BOSTANDYK = 'akimat-almaty-bostandyk';
const CITIZEN = { role: 'applicant', sub: 'citizen-1' };
const HEAD = { role: 'head', sub: 'head-b', agencyId: BOSTANDYK };
const EXECUTOR = { role: 'executor', sub: 'exec-b', agencyId: BOSTANDYK };
const APPROVER = { role: 'approver', sub: 'approver-b', agencyId: BOSTANDYK };
const REGISTRAR = { role: 'registrar', sub: 'reg-b', agencyId: BOSTANDYK };
type Who = { role: string; sub: string; agencyId?: string };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'appeals-linked-crash-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `work` on the embedded system over the data folder, then stops it (the files stay). */
async function onSystem<T>(work: (system: EmbeddedSystem, act: Actions) => Promise<T>): Promise<T> {
  const system = createEmbeddedSystem({ dataDir, logger: silent });
  await system.start();
  try {
    return await work(system, actionsOn(system));
  } finally {
    await system.stop();
  }
}

type Actions = ReturnType<typeof actionsOn>;
function actionsOn(system: EmbeddedSystem) {
  const auth = async (who: Who) => {
    const reply = await request(system.app).post('/api/v1/auth/dev-token').send(who);
    return `Bearer ${(reply.body as { token: string }).token}`;
  };
  return {
    async file(): Promise<string> {
      const created = await request(system.app)
        .post('/api/v1/appeals')
        .set('authorization', await auth(CITIZEN))
        .send({
          kind: 'application',
          categoryId: 'housing_utilities',
          regionKato: '751510000',
          language: 'ru',
          subject: 'Нет отопления',
          text: 'В доме по улице Тимирязева нет отопления, в школе №12 тоже.',
          applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
        });
      expect(created.status).toBe(201);
      await system.settled(); // routed to the district by the rules
      return created.body.id as string;
    },
    async act(appealId: string, action: string, who: Who, body: object) {
      const reply = await request(system.app)
        .post(`/api/v1/appeals/${appealId}/${action}`)
        .set('authorization', await auth(who))
        .send(body);
      expect(reply.status).toBe(200);
      return reply.body as { events: string[] };
    },
  };
}

/** Sends the action from a child process that freezes once the parent's event is committed, and kills it there. */
async function crashAfterParentEvent(appealId: string, action: string, who: Who, body: object) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('tsx/cjs'),
      join(__dirname, 'fixtures', 'crashBetweenWrites.child.ts'),
      dataDir,
      appealId,
      action,
      who.role,
      who.sub,
      who.agencyId ?? '-',
      JSON.stringify(body),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
  const exited = once(child, 'exit');
  while (!out.includes('\n') && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  expect(out).toMatch(/^recorded /); // frozen right after the parent's event was committed
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, string | null];
  expect(signal).toBe('SIGKILL');
}

/** The log as the killed process left it on disk. */
async function logOnDisk() {
  const store = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

type Linked = { parentType: string; childOf: (e: EventData<'AppealSubmitted'>) => string | undefined };
const PART: Linked = {
  parentType: 'AppealForwarded',
  childOf: (e) => (e.origin.type === 'forwarded_part' ? e.origin.parentAppealId : undefined),
};
const COMPLAINT: Linked = {
  parentType: 'ComplaintFiled',
  childOf: (e) => (e.origin.type === 'complaint' ? e.origin.complainedAppealId : undefined),
};

/** The parent's linking events and the linked appeals filed from it, as the log holds them. */
async function linksOf(appealId: string, linked: Linked) {
  const log = await logOnDisk();
  return {
    parentEvents: log.filter((e) => e.streamId === `appeal-${appealId}` && e.type === linked.parentType),
    children: log.filter(
      (e) =>
        e.type === 'AppealSubmitted' && linked.childOf(e.data as EventData<'AppealSubmitted'>) === appealId,
    ),
  };
}

/** Starts the system again on the folder and lets it settle: the linked appeals process runs from its checkpoint. */
const restart = () => onSystem((system) => system.settled());

describe('a process killed between the parent’s event and its linked appeal', () => {
  it('a forwarded part: after a restart, the part is filed exactly once and the forward recorded once', async () => {
    const appealId = await onSystem((_, act) => act.file());
    const description = 'Школа №12 тоже без отопления';
    await crashAfterParentEvent(appealId, 'forward', REGISTRAR, {
      toAgencyId: 'mon',
      scope: 'part',
      partDescription: description,
      reason: 'Школы — компетенция министерства',
    });

    const crashed = await linksOf(appealId, PART);
    expect(crashed.parentEvents).toHaveLength(1);
    expect(crashed.children).toHaveLength(0); // the orphan: recorded, not filed

    await restart();
    await restart(); // and once more: nothing new

    const { parentEvents, children } = await linksOf(appealId, PART);
    expect(parentEvents).toHaveLength(1);
    expect(children).toHaveLength(1);
    const forwarded = parentEvents[0]!.data as EventData<'AppealForwarded'>;
    expect(children[0]!.streamId).toBe(`appeal-${forwarded.childAppealId}`);
    expect(children[0]!.metadata).toMatchObject({ service: 'routing', causationId: parentEvents[0]!.id });
    await onSystem(async (system) => {
      const submitted = children[0]!.data as EventData<'AppealSubmitted'>;
      expect(await system.vault.open(submitted.text, 'text')).toEqual({
        status: 'present',
        value: description,
      });
      const { state } = await system.commands.load(forwarded.childAppealId!);
      expect(state).toMatchObject({ status: 'routed', agencyId: 'mon' }); // and the rules routed it
    });
  }, 60_000);

  it('a complaint: after a restart, the complaint appeal is filed exactly once and ComplaintFiled recorded once', async () => {
    const appealId = await onSystem(async (_, act) => {
      const id = await act.file();
      await act.act(id, 'assign', HEAD, { executorIds: [EXECUTOR.sub] });
      const draft = {
        text: 'Отопление восстановлено.',
        decisionKind: 'give_answer',
        answerCharacter: 'satisfied',
      };
      await act.act(id, 'draft-answer', EXECUTOR, { ...draft, language: 'ru' });
      return id;
    });
    const draftId = await onSystem(async (system) => {
      const drafted = (await system.store.readStream(`appeal-${appealId}`)).find(
        (e) => e.type === 'AnswerDrafted',
      );
      return (drafted!.data as EventData<'AnswerDrafted'>).draftId;
    });
    await onSystem(async (_, act) => {
      await act.act(appealId, 'approve-answer', APPROVER, { draftId });
      await act.act(appealId, 'send-answer', APPROVER, { draftId });
    });
    const reason = 'Отопление снова отключили через два дня после ответа.';
    await crashAfterParentEvent(appealId, 'complain', CITIZEN, { reason });

    const crashed = await linksOf(appealId, COMPLAINT);
    expect(crashed.parentEvents).toHaveLength(1);
    expect(crashed.children).toHaveLength(0);

    await restart();

    const { parentEvents, children } = await linksOf(appealId, COMPLAINT);
    expect(parentEvents).toHaveLength(1);
    expect(children).toHaveLength(1);
    const filed = parentEvents[0]!.data as EventData<'ComplaintFiled'>;
    const submitted = children[0]!.data as EventData<'AppealSubmitted'>;
    expect(submitted.text).toEqual(filed.reason); // the sealed reason, as ComplaintFiled holds it
    expect(children[0]!.metadata).toMatchObject({ service: 'response', actor: { id: CITIZEN.sub } });
    await onSystem(async (system) => {
      expect(await system.vault.open(submitted.text, 'text')).toEqual({ status: 'present', value: reason });
    });
  }, 60_000);
});
