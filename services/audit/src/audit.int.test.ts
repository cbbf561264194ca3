import type { ServiceName } from '@appeals/appeal-application';
import type { AppealCommand } from '@appeals/appeal-domain';
import { applicantStream } from '@appeals/contracts';
import type { Principal } from '@appeals/http';
import {
  actors,
  createTestPlatform,
  routeAppealCommand,
  submitAppealCommand,
  type TestPlatform,
} from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { auditRouter } from './audit.http';

// The auditor's read side on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it).
// The store stamps each event with the injected clock, so "state at a time" has exact moments to fall between.

const AUDITOR: Principal = { sub: 'prosecutor-1', role: 'auditor' };
const { citizen: CITIZEN, rules: RULES, head: HEAD } = actors;

let s: TestPlatform;
let appealId: string;
let registeredEventId: string;

/** Runs a command at a local moment, as the owning service would. */
function at(iso: string, command: (now: Date) => AppealCommand, service: ServiceName, causationId?: string) {
  s.setNow(iso);
  return s.commands.execute(appealId, command(s.clock()), { service, causationId });
}

// One appeal: filed Mon 2 Mar 10:00, routed 10:05, assigned Tue 3 Mar 09:30, executor heard the applicant Wed 4 Mar.
beforeEach(async () => {
  s = createTestPlatform();
  s.mount(auditRouter(s));
  appealId = randomUUID();
  const submitted = await at(
    '2026-03-02T10:00:00+05:00',
    (now) => submitAppealCommand({ appealId, now, numbering: { type: 'dated', serial: 'ABC123' } }),
    'intake',
  );
  registeredEventId = submitted.appended[1]!.id;
  await at(
    '2026-03-02T10:05:00+05:00',
    (now) => routeAppealCommand({ now, ruleId: 'r-housing-bostandyk' }),
    'routing',
    registeredEventId,
  );
  await at(
    '2026-03-03T09:30:00+05:00',
    (now) => ({ type: 'AssignExecutors', now, actor: HEAD, data: { executorIds: ['exec-b'] } }),
    'response',
  );
  await at(
    '2026-03-04T15:00:00+05:00',
    (now) => ({
      type: 'RecordHearing',
      now,
      actor: HEAD,
      data: { held: true, heldAt: '2026-03-04T14:00:00+05:00', notes: 'Заслушана лично' },
    }),
    'response',
  );
});

describe('GET /audit/appeals/{id}/history', () => {
  it('lists every event in order with when, who, which service, and what caused it', async () => {
    const reply = await s.get(`/audit/appeals/${appealId}/history`, AUDITOR);

    expect(reply.status).toBe(200);
    expect(reply.body.appealId).toBe(appealId);
    expect(
      reply.body.events.map(
        (e: { type: string; position: number; time: string; service: string; actor: unknown }) => [
          e.position,
          e.type,
          e.time,
          e.service,
          e.actor,
        ],
      ),
    ).toEqual([
      [0, 'AppealSubmitted', '2026-03-02T05:00:00.000Z', 'intake', CITIZEN],
      [1, 'AppealRegistered', '2026-03-02T05:00:00.000Z', 'intake', CITIZEN],
      [2, 'AppealRouted', '2026-03-02T05:05:00.000Z', 'routing', RULES],
      [3, 'ExecutorsAssigned', '2026-03-03T04:30:00.000Z', 'response', HEAD],
      [4, 'HearingHeld', '2026-03-04T10:00:00.000Z', 'response', HEAD],
    ]);
    const routed = reply.body.events[2];
    expect(routed).toMatchObject({
      causationId: registeredEventId,
      correlationId: appealId,
      data: { agencyId: 'akimat-almaty-bostandyk' },
    });
    expect(reply.body.events[0].causationId).toBeNull();
    expect(reply.body.events.map((e: { globalPosition: number }) => e.globalPosition)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it("names the appeal's data subject and, once erased, the erasure of its personal data", async () => {
    const before = await s.get(`/audit/appeals/${appealId}/history`, AUDITOR);
    const subjectId = before.body.events[0].data.text.subjectId;
    expect(before.body.personalData).toEqual({ subjectId, erasures: [] });
    // what the erase command records (the key deletion itself is the vault's, tested with intake)
    await s.store.append(
      applicantStream(subjectId),
      [
        {
          id: randomUUID(),
          type: 'ApplicantDataErased',
          data: { subjectId, erasedAt: s.clock().toISOString() },
          metadata: { actor: { id: 'admin-1', role: 'admin' }, service: 'intake' },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    const after = await s.get(`/audit/appeals/${appealId}/history`, AUDITOR);
    expect(after.body.personalData.erasures).toEqual([
      expect.objectContaining({
        type: 'ApplicantDataErased',
        actor: { id: 'admin-1', role: 'admin' },
        data: { subjectId, erasedAt: s.clock().toISOString() },
      }),
    ]);
    expect(after.body.events).toEqual(before.body.events); // the case history itself is untouched
  });

  it('is open to admins as well', async () => {
    expect(
      (await s.get(`/audit/appeals/${appealId}/history`, { sub: 'admin-1', role: 'admin' })).status,
    ).toBe(200);
  });

  it.each<[string, Principal | undefined, number]>([
    ['the applicant', { sub: 'citizen-1', role: 'applicant' }, 403],
    [
      'the head of the agency handling it',
      { sub: 'head-b', role: 'head', agencyId: 'akimat-almaty-bostandyk' },
      403,
    ],
    ['the press', { sub: 'press-1', role: 'press' }, 403],
    ['an anonymous caller', undefined, 401],
  ])('refuses %s', async (_who, who, status) => {
    const reply = await s.get(`/audit/appeals/${appealId}/history`, who);
    expect(reply.status).toBe(status);
    expect(reply.type).toBe('application/problem+json');
  });

  it('answers 404 for an appeal that does not exist', async () => {
    expect((await s.get(`/audit/appeals/${randomUUID()}/history`, AUDITOR)).status).toBe(404);
  });
});

describe('GET /audit/appeals/{id}/state?at=', () => {
  const stateAt = (at: string, who: Principal | undefined = AUDITOR) =>
    s.get(`/audit/appeals/${appealId}/state?at=${encodeURIComponent(at)}`, who);

  it('replays the events up to a moment between two events: routed, not yet assigned', async () => {
    const reply = await stateAt('2026-03-02T18:00:00+05:00');

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      appealId,
      at: '2026-03-02T13:00:00.000Z',
      eventsApplied: 3,
      lastEvent: { type: 'AppealRouted', time: '2026-03-02T05:05:00.000Z' },
      state: {
        status: 'routed',
        agencyId: 'akimat-almaty-bostandyk',
        registeredOn: '2026-03-02',
        deadline: { dueOn: '2026-03-27' },
      },
    });
    expect(reply.body.state.executorIds).toEqual([]);
    expect(reply.body.state).not.toHaveProperty('hearing');
  });

  it('includes an event stamped exactly at the moment asked for', async () => {
    const reply = await stateAt('2026-03-03T09:30:00+05:00');

    expect(reply.body).toMatchObject({
      eventsApplied: 4,
      lastEvent: { type: 'ExecutorsAssigned' },
      state: { status: 'in_progress', executorIds: ['exec-b'] },
    });
  });

  it('replays everything for a moment after the last event', async () => {
    const reply = await stateAt('2026-04-01T00:00:00+05:00');

    expect(reply.body).toMatchObject({
      eventsApplied: 5,
      state: { status: 'in_progress', hearing: { held: true } },
    });
  });

  it('answers 404 for a moment before the appeal existed', async () => {
    expect((await stateAt('2026-03-02T09:59:59+05:00')).status).toBe(404);
  });

  it('refuses non-auditors with 403 and names a bad moment in a 400', async () => {
    expect((await stateAt('2026-03-02T18:00:00+05:00', { sub: 'citizen-1', role: 'applicant' })).status).toBe(
      403,
    );
    const bad = await s.get(`/audit/appeals/${appealId}/state?at=yesterday`, AUDITOR);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.at']);
  });
});

it('documents the audit routes in OpenAPI', () => {
  expect(Object.keys(s.registry.document().paths ?? {})).toEqual(
    expect.arrayContaining(['/api/v1/audit/appeals/{id}/history', '/api/v1/audit/appeals/{id}/state']),
  );
});
