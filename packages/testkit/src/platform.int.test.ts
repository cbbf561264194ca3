import { hashTrackingCode } from '@appeals/appeal-application';
import { AppealError, AppealErrorCodes } from '@appeals/appeal-domain';
import { optionalPrincipal, requireRole } from '@appeals/http';
import { Router } from 'express';
import { actors, principals } from './actors';
import { MONDAY_10AM, TRACKING_CODE, submitAppealCommand } from './builders';
import { createTestPlatform, type TestPlatform } from './platform';

// The kit itself: a router mounted on the platform sees the caller of a dev token, its errors come back as
// problem+json, the clock moves only when told, and settled() waits for the consumers on the bus.

/** A router that echoes the caller, lets only heads through, and breaks an appeal rule on demand. */
const probe = () => {
  const router = Router();
  router.get('/whoami', (_req, res) => {
    res.json({ principal: optionalPrincipal(res) ?? null });
  });
  router.post('/heads-only', requireRole('head'), (req, res) => {
    res.json({ got: req.body });
  });
  router.post('/extend', () => {
    throw new AppealError(AppealErrorCodes.EXTENSION_TOO_LONG, 'Too long', 'newDueOn');
  });
  return router;
};

let p: TestPlatform;
beforeEach(() => {
  p = createTestPlatform();
  p.mount(probe());
});
afterEach(async () => {
  await p.stop();
});

describe('the HTTP app', () => {
  it('authenticates the dev token of a caller, and lets anonymous callers through', async () => {
    expect((await p.get('/whoami', principals.head)).body).toEqual({ principal: principals.head });
    expect((await p.get('/whoami')).body).toEqual({ principal: null });
  });

  it('sends the body and the headers of a post', async () => {
    const reply = await p.post('/heads-only', principals.head, { a: 1 }, { 'x-request-id': 'req-1' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ got: { a: 1 } });
    expect(reply.headers['x-request-id']).toBe('req-1');
  });

  it('answers a refused role with a 403 problem', async () => {
    const reply = await p.post('/heads-only', principals.executor, {});

    expect(reply.status).toBe(403);
    expect(reply.type).toBe('application/problem+json');
  });

  it('maps a broken appeal rule to a 400 problem naming the field', async () => {
    const reply = await p.post('/extend', principals.head, {});

    expect(reply.status).toBe(400);
    expect(reply.type).toBe('application/problem+json');
    expect(reply.body).toMatchObject({
      code: 'APPEAL.EXTENSION_TOO_LONG',
      errors: [{ field: 'body.newDueOn' }],
    });
  });

  it('answers an unknown route and a forged token with problems (404, 401)', async () => {
    expect((await p.get('/nowhere')).status).toBe(404);
    const forged = await p.get('/whoami', undefined, { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    expect(forged.type).toBe('application/problem+json');
  });
});

describe('the clock', () => {
  it('starts at the given moment (Monday 10:00 by default) and moves only when told', () => {
    expect(p.clock().toISOString()).toBe('2026-03-02T05:00:00.000Z');
    p.advance(90 * 60 * 1000);
    expect(p.clock().toISOString()).toBe('2026-03-02T06:30:00.000Z');
    p.setNow('2026-03-20T15:00:00+05:00');
    expect(p.clock().toISOString()).toBe('2026-03-20T10:00:00.000Z');
    expect(createTestPlatform({ start: '2026-01-05T09:00:00Z' }).clock().toISOString()).toBe(
      '2026-01-05T09:00:00.000Z',
    );
  });

  it('stamps the events the platform’s commands append', async () => {
    p.setNow('2026-03-03T12:00:00+05:00');
    const appealId = await p.routedAppeal();

    const events = await p.events(appealId);
    expect(events.map((e) => [e.type, e.time])).toEqual([
      ['AppealSubmitted', '2026-03-03T07:00:00.000Z'],
      ['AppealRegistered', '2026-03-03T07:00:00.000Z'],
      ['AppealRouted', '2026-03-03T07:00:00.000Z'],
    ]);
    expect(events[2]!.data).toMatchObject({ agencyId: 'akimat-almaty-bostandyk', by: 'rules' });
  });
});

describe('settled()', () => {
  it('waits until the consumers on the bus have handled every event, including those they append', async () => {
    const seen: string[] = [];
    await p.bus.subscribe({
      groupId: 'probe',
      topics: ['appeals.events.v1'],
      handler: async (m) => {
        const { type, stream } = JSON.parse(m.value) as { type: string; stream: string };
        seen.push(type);
        if (type === 'AppealRegistered') {
          const appealId = stream.replace(/^appeal-/, '');
          await p.route(appealId, 'akimat-almaty');
        }
      },
    });

    await p.submitAppeal();
    await p.settled();

    expect(seen).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealRouted']);
    expect(await p.logSize()).toBe(3);
    expect(p.busProblems).toEqual([]);
  });
});

describe('submitAppealCommand', () => {
  it('builds the standard appeal, filed by the citizen, with any field overridden', () => {
    const command = submitAppealCommand({ appealId: 'a-1', categoryId: 'education', trackingCode: 'X' });

    expect(command).toMatchObject({
      type: 'SubmitAppeal',
      now: new Date(MONDAY_10AM),
      actor: actors.citizen,
      data: {
        appealId: 'a-1',
        categoryId: 'education',
        regionKato: '751510000',
        applicantAccountId: 'citizen-1',
        trackingCodeHash: hashTrackingCode('X'),
      },
    });
    expect(submitAppealCommand().data.trackingCodeHash).toBe(hashTrackingCode(TRACKING_CODE));
  });
});
