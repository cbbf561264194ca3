import { hashTrackingCode } from '@appeals/appeal-application';
import { toEventMessage, type EventData } from '@appeals/contracts';
import type { StoredEvent } from '@appeals/eventstore';
import type { Principal } from '@appeals/http';
import { toEnvelope } from '@appeals/relay';
import { actors, createTestPlatform, principals, type TestPlatform } from '@appeals/testkit';
import { startRoutingConsumer } from './router.consumer';
import { routingRouter } from './routing.http';

// The routing service on the test platform (in-memory, wired as services/gateway/src/embedded.ts wires it):
// event store → relay → in-process bus → routing consumer → event store, and the staff routes over HTTP.
// Submission is intake's, so appeals are filed straight through the appeal commands (`s.submitAppeal`).

const CITIZEN = actors.citizen;
const { registrar: REGISTRAR, executor: EXECUTOR } = principals;
const TRIAGE_DESK: Principal = { sub: 'reg-gov', role: 'registrar', agencyId: 'gov' };

let s: TestPlatform;
beforeEach(async () => {
  s = createTestPlatform();
  s.mount(routingRouter({ ...s, service: 'routing' }));
  await startRoutingConsumer(s);
});
afterEach(async () => {
  await s.stop();
});

/** Publishes a stored event to the bus once more, as Kafka may after a rebalance or a restart. */
const redeliver = (event: StoredEvent) => s.bus.publish([toEventMessage(toEnvelope(event))]);

const types = (events: StoredEvent[]) => events.map((e) => e.type);
const ofType = <T>(events: StoredEvent[], type: string) =>
  events.find((e) => e.type === type) as (StoredEvent & { data: T }) | undefined;

describe('the routing consumer on the bus', () => {
  describe('when housing in Bostandyk (751510000) is registered', () => {
    it('routes it to akimat-almaty-bostandyk, caused by the AppealRegistered event and written by routing', async () => {
      const id = await s.submitAppeal();
      await s.settled();

      const events = await s.events(id);
      expect(types(events)).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealRouted']);
      const registered = ofType(events, 'AppealRegistered')!;
      const routed = ofType<EventData<'AppealRouted'>>(events, 'AppealRouted')!;
      expect(routed.data).toEqual({
        appealId: id,
        agencyId: 'akimat-almaty-bostandyk',
        by: 'rules',
        ruleId: 'r-housing-bostandyk',
      });
      expect(routed.metadata).toMatchObject({
        service: 'routing',
        causationId: registered.id,
        correlationId: id,
        actor: { id: 'routing-rules', role: 'system' },
      });
    });
  });

  describe('when an environment appeal in Kostanay (390000000) is registered', () => {
    it('sends it to triage, naming the category and region that no rule covers', async () => {
      const id = await s.submitAppeal({ categoryId: 'environment', regionKato: '390000000' });
      await s.settled();

      const events = await s.events(id);
      expect(types(events)).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealNeedsTriage']);
      expect(ofType<EventData<'AppealNeedsTriage'>>(events, 'AppealNeedsTriage')!.data.reason).toBe(
        'No routing rule for category environment in region 390000000',
      );
    });
  });

  describe('when the same AppealRegistered message is delivered again', () => {
    it('appends nothing to a routed appeal', async () => {
      const id = await s.submitAppeal();
      await s.settled();
      const before = await s.logSize();

      await redeliver(ofType(await s.events(id), 'AppealRegistered')!);
      await s.settled();

      expect(await s.logSize()).toBe(before);
      expect(s.busProblems).toEqual([]);
    });

    it('appends nothing to an appeal in triage', async () => {
      const id = await s.submitAppeal({ categoryId: 'environment', regionKato: '390000000' });
      await s.settled();
      const before = await s.logSize();

      await redeliver(ofType(await s.events(id), 'AppealRegistered')!);
      await s.settled();

      expect(await s.logSize()).toBe(before);
      expect(s.busProblems).toEqual([]);
    });

    // Why: the in-process bus replays from the beginning after a restart (ADR 0003), so every old registration
    // comes round again after staff have moved the appeal on; the consumer must find nothing to do, not fail
    // five times and dead-letter the message.
    it('appends nothing and does not fail after staff forwarded the appeal elsewhere', async () => {
      const id = await s.submitAppeal();
      await s.settled();
      const forwarded = await s.post(`/appeals/${id}/forward`, REGISTRAR, {
        toAgencyId: 'akimat-almaty',
        scope: 'whole',
        reason: 'Теплоснабжение — компетенция города',
      });
      expect(forwarded.status).toBe(200);
      await s.settled();
      const before = await s.logSize();

      await redeliver(ofType(await s.events(id), 'AppealRegistered')!);
      await s.settled();

      expect(await s.logSize()).toBe(before);
      expect(s.busProblems).toEqual([]);
    });

    it('appends nothing and does not fail after staff routed the appeal out of triage', async () => {
      const id = await s.submitAppeal({ categoryId: 'environment', regionKato: '390000000' });
      await s.settled();
      const routed = await s.post(`/appeals/${id}/route`, TRIAGE_DESK, {
        agencyId: 'akimat-karaganda-region',
      });
      expect(routed.status).toBe(200);
      await s.settled();
      const before = await s.logSize();

      await redeliver(ofType(await s.events(id), 'AppealRegistered')!);
      await s.settled();

      expect(await s.logSize()).toBe(before);
      expect(s.busProblems).toEqual([]);
    });

    it('appends nothing and does not fail after the applicant withdrew the appeal', async () => {
      const id = await s.submitAppeal();
      await s.settled();
      await s.commands.execute(
        id,
        { type: 'WithdrawAppeal', now: s.clock(), actor: CITIZEN, data: {} },
        { service: 'response' },
      );
      await s.settled();
      const before = await s.logSize();

      await redeliver(ofType(await s.events(id), 'AppealRegistered')!);
      await s.settled();

      expect(await s.logSize()).toBe(before);
      expect(s.busProblems).toEqual([]);
    });
  });

  it('ignores every other event type on the topic', async () => {
    const id = await s.submitAppeal();
    await s.settled();
    const before = await s.logSize();

    await redeliver(ofType(await s.events(id), 'AppealSubmitted')!);
    await redeliver(ofType(await s.events(id), 'AppealRouted')!);
    await s.settled();

    expect(await s.logSize()).toBe(before);
  });
});

describe('staff routing over HTTP', () => {
  describe('when a registrar routes an appeal out of triage', () => {
    it('records AppealRouted by staff', async () => {
      const id = await s.submitAppeal({ categoryId: 'environment', regionKato: '390000000' });
      await s.settled();

      const reply = await s.post(`/appeals/${id}/route`, TRIAGE_DESK, {
        agencyId: 'akimat-karaganda-region',
        note: 'Экология области',
      });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ id, status: 'routed', version: 3, events: ['AppealRouted'] });
      const routed = ofType<EventData<'AppealRouted'>>(await s.events(id), 'AppealRouted')!;
      expect(routed.data).toMatchObject({
        agencyId: 'akimat-karaganda-region',
        by: 'staff',
        note: 'Экология области',
      });
      expect(routed.metadata).toMatchObject({
        service: 'routing',
        actor: { id: 'reg-gov', role: 'registrar', agencyId: 'gov' },
      });
    });

    it('refuses an unknown agency with a 400 naming body.agencyId, and appends nothing', async () => {
      const id = await s.submitAppeal({ categoryId: 'environment', regionKato: '390000000' });
      await s.settled();
      const before = await s.logSize();

      const reply = await s.post(`/appeals/${id}/route`, TRIAGE_DESK, { agencyId: 'ministry-of-magic' });

      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.agencyId']);
      expect(await s.logSize()).toBe(before);
    });
  });

  describe('when a part of a routed appeal is forwarded', () => {
    it('creates a linked child appeal routed to the receiving agency, and records AppealForwarded on the parent', async () => {
      const parentId = await s.submitAppeal();
      await s.settled();

      const reply = await s.post(`/appeals/${parentId}/forward`, REGISTRAR, {
        toAgencyId: 'mon',
        scope: 'part',
        partDescription: 'Школа №12 тоже без отопления',
        reason: 'Школы — компетенция министерства',
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: parentId, status: 'routed', events: ['AppealForwarded'] });
      await s.settled();

      const parentEvents = await s.events(parentId);
      const forwarded = ofType<EventData<'AppealForwarded'>>(parentEvents, 'AppealForwarded')!;
      expect(forwarded.data).toMatchObject({
        fromAgencyId: 'akimat-almaty-bostandyk',
        toAgencyId: 'mon',
        scope: 'part',
        partDescription: 'Школа №12 тоже без отопления',
        withinWindow: true,
      });
      expect(forwarded.data.newDeadline).toBeUndefined(); // the parent keeps its own term
      const childId = forwarded.data.childAppealId!;
      expect(childId).toEqual(expect.any(String));

      const childEvents = await s.events(childId);
      expect(types(childEvents)).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealRouted']);
      const child = ofType<EventData<'AppealSubmitted'>>(childEvents, 'AppealSubmitted')!.data;
      expect(child).toMatchObject({
        addressedAgencyId: 'mon',
        applicantAccountId: CITIZEN.id,
        origin: { type: 'forwarded_part', parentAppealId: parentId, fromAgencyId: 'akimat-almaty-bostandyk' },
      });
      // the child's text is sealed under the parent's data subject, and its applicant block is the parent's
      const parentSubmitted = ofType<EventData<'AppealSubmitted'>>(parentEvents, 'AppealSubmitted')!.data;
      expect(child.text.subjectId).toBe(parentSubmitted.text.subjectId);
      expect(child.applicant).toEqual(parentSubmitted.applicant);
      expect(await s.vault.open(child.text, 'text')).toEqual({
        status: 'present',
        value: 'Школа №12 тоже без отопления',
      });
      expect(child.trackingCodeHash).toBe(hashTrackingCode('TRACK12345')); // the applicant follows both with one code
      const parentNumber = ofType<EventData<'AppealRegistered'>>(parentEvents, 'AppealRegistered')!.data
        .registrationNumber;
      expect(
        ofType<EventData<'AppealRegistered'>>(childEvents, 'AppealRegistered')!.data.registrationNumber,
      ).toBe(`${parentNumber}/1`);
      expect(ofType<EventData<'AppealRouted'>>(childEvents, 'AppealRouted')!.data).toMatchObject({
        agencyId: 'mon',
        ruleId: 'addressed',
      });
      // the parent stays with the district
      expect(types(parentEvents)).toEqual([
        'AppealSubmitted',
        'AppealRegistered',
        'AppealRouted',
        'AppealForwarded',
      ]);
    });
  });

  describe('when the rules refuse a forward', () => {
    it('answers 400 for a forward to the agency that already has the appeal, and creates no child', async () => {
      const parentId = await s.submitAppeal();
      await s.settled();
      const before = await s.logSize();

      const reply = await s.post(`/appeals/${parentId}/forward`, REGISTRAR, {
        toAgencyId: 'akimat-almaty-bostandyk',
        scope: 'part',
        partDescription: 'Подъезд №3',
        reason: 'Ошибочная пересылка',
      });
      await s.settled();

      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        code: 'APPEAL.FORWARD_TO_SAME_AGENCY',
        errors: [{ field: 'body.toAgencyId' }],
      });
      expect(await s.logSize()).toBe(before);
    });

    it('answers 403 to an executor, who may not forward, and creates no child', async () => {
      const parentId = await s.submitAppeal();
      await s.settled();
      const before = await s.logSize();

      const reply = await s.post(`/appeals/${parentId}/forward`, EXECUTOR, {
        toAgencyId: 'mon',
        scope: 'part',
        partDescription: 'Школа №12',
        reason: 'Школы — компетенция министерства',
      });

      expect(reply.status).toBe(403);
      expect(await s.logSize()).toBe(before);
    });
  });
});

it('documents every routing route in OpenAPI', () => {
  const paths = Object.keys(s.registry.document().paths ?? {});
  expect(paths).toEqual(
    expect.arrayContaining([
      '/api/v1/appeals/{id}/route',
      '/api/v1/appeals/{id}/needs-triage',
      '/api/v1/appeals/{id}/forward',
    ]),
  );
});
