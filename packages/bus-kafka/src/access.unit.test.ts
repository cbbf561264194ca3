import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { SERVICE_USERS, accessPlan, aclEntries, agencyTopic } from './access';

const grantsOf = (plan: ReturnType<typeof accessPlan>, user: string) =>
  plan.find((entry) => entry.user === user)?.grants ?? [];

describe('the Kafka access plan', () => {
  const plan = accessPlan({ agencies: ['mon', 'akimat-almaty'] });

  it('has every service user and one user per agency', () => {
    expect(plan.map((entry) => entry.user)).toEqual([
      ...['intake', 'response', 'relay', 'routing', 'audit', 'projections', 'agency-feed', 'notifications'],
      'agency-mon',
      'agency-akimat-almaty',
    ]);
    expect(new Set(plan.map((entry) => entry.user))).toEqual(
      new Set([...SERVICE_USERS, 'agency-mon', 'agency-akimat-almaty']),
    );
  });

  it('lets only the relay write the event topic and only the agency feed write agency topics', () => {
    const writers = (name: string) =>
      plan
        .filter(({ grants }) =>
          grants.some(
            (g) =>
              g.resource === 'topic' &&
              g.operations.includes('write') &&
              (g.pattern === 'literal' ? g.name === name : name.startsWith(g.name)),
          ),
        )
        .map((entry) => entry.user);
    expect(writers('appeals.events.v1')).toEqual(['relay']);
    expect(writers('applicants.events.v1')).toEqual(['relay']);
    expect(writers(agencyTopic('mon'))).toEqual(['agency-feed']);
    // erasures (ADR 0006) are read by the projections only
    const readers = (name: string) =>
      plan
        .filter(({ grants }) => grants.some((g) => g.name === name && g.operations.includes('read')))
        .map((entry) => entry.user);
    expect(readers('applicants.events.v1')).toEqual(['projections']);
    // the public FAQ: the relay publishes it, the projections build its view
    expect(writers('faq.events.v1')).toEqual(['relay']);
    expect(readers('faq.events.v1')).toEqual(['projections']);
    expect(grantsOf(plan, 'intake')).toEqual([]);
  });

  it('lets the relay write the notification records, and the notifications service read the appeal events only', () => {
    const relay = grantsOf(plan, 'relay');
    expect(relay).toContainEqual(
      expect.objectContaining({ name: 'notifications.events.v1', operations: ['write', 'create'] }),
    );
    // the surge alerts the projections' surge watch appends to the event store
    expect(relay).toContainEqual(
      expect.objectContaining({ name: 'surges.events.v1', operations: ['write', 'create'] }),
    );
    expect(grantsOf(plan, 'notifications')).toEqual([
      { resource: 'topic', name: 'appeals.events.v1', pattern: 'literal', operations: ['read', 'create'] },
      { resource: 'topic', name: 'appeals.dlq.v1', pattern: 'literal', operations: ['write', 'create'] },
      {
        resource: 'topic',
        name: 'appeals.quarantine.v1',
        pattern: 'literal',
        operations: ['write', 'create'],
      },
      { resource: 'group', name: 'notifications', pattern: 'literal', operations: ['read'] },
    ]);
  });

  it('gives an agency read on its literal topic and its own group prefix, which no other agency id covers', () => {
    expect(grantsOf(plan, 'agency-akimat-almaty')).toEqual([
      {
        resource: 'topic',
        name: 'appeals.agency.akimat-almaty.v1',
        pattern: 'literal',
        operations: ['read'],
      },
      { resource: 'group', name: 'agency.akimat-almaty.', pattern: 'prefixed', operations: ['read'] },
    ]);
    // akimat-almaty-bostandyk's groups start with "agency.akimat-almaty-", not with "agency.akimat-almaty."
    expect('agency.akimat-almaty-bostandyk.inbox'.startsWith('agency.akimat-almaty.')).toBe(false);
    expect(() => accessPlan({ agencies: ['a.b'] })).toThrow(/cannot name a Kafka user/);
  });

  it('prefixes topics and groups with a namespace as namespacedBus does, except the shared dead-letter and quarantine topics', () => {
    const namespaced = accessPlan({ namespace: 'e2e-1f2a', agencies: ['mon'] });
    expect(namespaced.some((entry) => entry.user.startsWith('agency-mon'))).toBe(false);
    expect(grantsOf(namespaced, 'routing').map((g) => g.name)).toEqual([
      'e2e-1f2a.appeals.events.v1',
      'appeals.dlq.v1',
      'appeals.quarantine.v1',
      'e2e-1f2a.routing',
    ]);
    expect(grantsOf(namespaced, 'agency-feed').at(-1)).toMatchObject({
      name: 'e2e-1f2a.appeals.agency.',
      pattern: 'prefixed',
    });
  });

  it('maps each grant operation to one ALLOW binding for the user', () => {
    const entries = aclEntries([
      { user: 'x', grants: [{ resource: 'group', name: 'g.', pattern: 'prefixed', operations: ['read'] }] },
    ]);
    expect(entries).toEqual([
      expect.objectContaining({
        resourceType: AclResourceTypes.GROUP,
        resourceName: 'g.',
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        principal: 'User:x',
        operation: AclOperationTypes.READ,
      }),
    ]);
  });
});
