import { accessPlan } from '@appeals/bus-kafka';
import { namespacedGrants } from './kafkaAccess';

describe("a namespaced run's grants", () => {
  const plan = accessPlan({ namespace: 'e2e-1f2a' });
  const names = (grants: ReturnType<typeof namespacedGrants>) => grants.flatMap((u) => u.grants.map((g) => g.name));

  it("takes back only the namespace's own topics and groups, never the shared dead-letter topic", () => {
    // the plan grants the shared topic too; revoking it broke every other deployment's consumers on restart
    expect(names(plan)).toContain('appeals.dlq.v1');
    const own = namespacedGrants(plan, 'e2e-1f2a');
    expect(names(own)).not.toContain('appeals.dlq.v1');
    expect(names(own).every((name) => name.startsWith('e2e-1f2a.'))).toBe(true);
  });

  it('keeps every namespaced grant of every user', () => {
    const own = namespacedGrants(plan, 'e2e-1f2a.');
    expect(own.map((u) => u.user)).toEqual(plan.map((u) => u.user));
    expect(names(own)).toEqual(names(plan).filter((name) => name.startsWith('e2e-1f2a.')));
    expect(names(own)).toContain('e2e-1f2a.appeals.events.v1');
  });
});
