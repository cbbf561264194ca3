import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import {
  isAppealStream,
  Topics,
  fromEventMessage,
  toEventMessage,
  type EventMessage,
} from '@appeals/contracts';
import type { EventStore, StoredEvent } from '@appeals/eventstore';
import { toEnvelope } from '@appeals/relay';

/**
 * The agency an appeal is with after `events` (its stream, in order): the last `AppealRouted`, or the receiving body
 * of the last whole `AppealForwarded`. A part forward leaves the appeal where it is (the part is a linked appeal of
 * its own, routed to the receiving body); so does a complaint (a new appeal addressed to the higher body).
 * Undefined while the appeal waits for routing or triage.
 */
export function agencyOf(events: ReadonlyArray<Pick<StoredEvent, 'type' | 'data'>>): string | undefined {
  let agencyId: string | undefined;
  for (const event of events) {
    const data = event.data as { agencyId?: string; scope?: string; toAgencyId?: string };
    if (event.type === 'AppealRouted') agencyId = data.agencyId;
    else if (event.type === 'AppealForwarded' && data.scope === 'whole') agencyId = data.toAgencyId;
  }
  return agencyId;
}

/**
 * What one appeal event becomes on the agency topics, given the appeal's stream up to and including it:
 * - the appeal arrives at an agency (routed, or forwarded whole to it): its whole history so far, in order;
 * - it stays with the agency: the event;
 * - it leaves an agency (forwarded whole): the old agency gets this forward as its last message, nothing after.
 * The same input always yields the same messages (same event ids, key = appeal id), so a redelivery repeats
 * messages a consumer recognises by `ce_id`.
 */
export function agencyMessages(
  history: StoredEvent[],
  topicFor: (agencyId: string) => string = Topics.agency,
): EventMessage[] {
  const event = history.at(-1);
  if (!event) return [];
  const before = agencyOf(history.slice(0, -1));
  const after = agencyOf(history);
  const messages: EventMessage[] = [];
  if (before !== undefined && before !== after)
    messages.push(toEventMessage(toEnvelope(event), topicFor(before)));
  if (after === undefined) return messages;
  const sent = after === before ? [event] : history;
  for (const e of sent) messages.push(toEventMessage(toEnvelope(e), topicFor(after)));
  return messages;
}

export interface AgencyFeedOptions {
  store: EventStore;
  bus: Bus;
  /** consumer group (default 'agency-feed') */
  groupId?: string;
  /** the topic followed (default appeals.events.v1) */
  sourceTopic?: string;
  /** an agency's topic (default `Topics.agency`: appeals.agency.<agencyId>.v1) */
  topicFor?: (agencyId: string) => string;
}

/**
 * Follows the appeal events and republishes each appeal's events to the topic of the agency it is with
 * (see {@link agencyMessages}). The appeal's history comes from the event store, read up to the delivered event's
 * stream position, so it holds no state of its own and a restart or a rebalance loses nothing. At least once:
 * the offset is committed after the publish; key = appeal id keeps one appeal's messages in order.
 */
export function startAgencyFeed(options: AgencyFeedOptions): Promise<Consumer> {
  const topicFor = options.topicFor ?? Topics.agency;
  const handle = async (message: DeliveredMessage): Promise<void> => {
    const envelope = fromEventMessage(message);
    if (!isAppealStream(envelope.stream)) return;
    const history = await options.store.readStream(envelope.stream, {
      maxCount: envelope.streamPosition + 1,
    });
    if (history.at(-1)?.id !== envelope.id) {
      throw new Error(
        `${envelope.stream} has no event ${envelope.id} at position ${envelope.streamPosition}`,
      );
    }
    const messages = agencyMessages(history, topicFor);
    if (messages.length > 0) await options.bus.publish(messages);
  };
  return options.bus.subscribe({
    groupId: options.groupId ?? 'agency-feed',
    topics: [options.sourceTopic ?? Topics.appealEvents],
    handler: handle,
  });
}
