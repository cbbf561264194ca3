import type { CheckedSubscription } from '../checks';
import type { Consumer } from '../port';
import { kick } from './delivery';
import { settle, topicNamed, type BusState, type Group, type Lane, type Member } from './state';

// Consumer groups: a member joins (its group gets a lane on each partition of each new topic), the partitions
// are spread over the live members, and a member leaves once its running handlers have finished.

/** Adds a member to the subscription's group and hands it its share of the partitions. */
export function join(state: BusState, subscription: CheckedSubscription): Consumer {
  const { groupId, handlers, maxAttempts } = subscription;
  const subscribed = subscription.topics.map((name) => topicNamed(state, name));
  const group = state.groups.get(groupId) ?? { id: groupId, members: [], lanes: new Map<string, Lane[]>() };
  state.groups.set(groupId, group);
  for (const topic of subscribed) {
    if (group.lanes.has(topic.name)) continue;
    // A group without a committed offset on a topic starts at its beginning or its current end.
    const lanes = topic.logs.map(
      (log, partition): Lane => ({
        group,
        topic,
        partition,
        committed: subscription.fromBeginning ? 0 : log.length,
        failures: 0,
        singlesUntil: 0,
        owner: null,
        running: false,
        retryTimer: null,
      }),
    );
    group.lanes.set(topic.name, lanes);
    lanes.forEach((lane, partition) => topic.lanes[partition]!.push(lane));
  }
  const member: Member = {
    group,
    topics: subscribed.map((topic) => topic.name),
    handlers,
    maxAttempts,
    inFlight: new Set(),
    stopped: null,
  };
  group.members.push(member);
  state.members.add(member);
  rebalance(state, group);
  return { stop: () => stopMember(state, member) };
}

/** Hands each partition of the group's topics to one live member subscribed to it (round robin). */
function rebalance(state: BusState, group: Group): void {
  for (const [topicName, lanes] of group.lanes) {
    const eligible = group.members.filter((member) => member.topics.includes(topicName));
    lanes.forEach((lane, partition) => {
      lane.owner = eligible.length > 0 ? eligible[partition % eligible.length]! : null;
    });
  }
  for (const lanes of group.lanes.values()) for (const lane of lanes) kick(state, lane);
}

async function drain(member: Member): Promise<void> {
  while (member.inFlight.size > 0) await Promise.all([...member.inFlight]);
}

/** Takes the member out of its group at once; resolves when its running handlers have finished. */
export function stopMember(state: BusState, member: Member): Promise<void> {
  if (!member.stopped) {
    const group = member.group;
    group.members = group.members.filter((other) => other !== member);
    rebalance(state, group);
    member.stopped = drain(member).then(() => {
      state.members.delete(member);
      settle(state);
    });
  }
  return member.stopped;
}
