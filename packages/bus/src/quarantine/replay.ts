import { describeError } from '../deadLetter';
import type { BusLogger } from '../inProcess/state';
import type { DeliveredMessage } from '../port';
import { isUndecodable, redelivery, toQuarantined, type Quarantine } from './port';

export interface ReplayClaimOptions {
  quarantine: Quarantine;
  groupId: string;
  /** the group's handler of one message */
  handle: (message: DeliveredMessage) => Promise<void>;
  /** deliveries before a replayed message whose handler keeps failing is dead-lettered */
  maxAttempts: number;
  backoffAfter: (failures: number) => number;
  deadLetter: (message: DeliveredMessage, error: unknown) => Promise<unknown>;
  /** false once the consumer stops: no further entry is claimed */
  running: () => boolean;
  logger?: BusLogger | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delivers one claimed entry like a new message: retried, then dead-lettered; undecodable again, quarantined again. */
async function deliverClaimed(o: ReplayClaimOptions, entry: Parameters<typeof redelivery>[0]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const message = redelivery(entry, attempt);
    try {
      await o.handle(message);
      return;
    } catch (error) {
      const details = { groupId: o.groupId, quarantineId: entry.id, attempt, error: describeError(error) };
      if (isUndecodable(error)) {
        await o.quarantine.add(toQuarantined(o.groupId, message, error));
        o.logger?.error(details, 'Replayed message still cannot be decoded; quarantined again');
        return;
      }
      if (attempt >= o.maxAttempts) {
        await o.deadLetter(message, error);
        o.logger?.error(details, 'Replayed message kept failing; sent to the dead-letter topic');
        return;
      }
      await sleep(o.backoffAfter(attempt));
    }
  }
}

/**
 * Delivers the group's quarantined entries an operator marked for replay, for a bus whose group has several members
 * (Kafka): each entry is claimed by removing it, so exactly one member delivers it (a member that crashes while
 * delivering loses that replay; the message stays on the quarantine topic). Returns how many it delivered.
 */
export async function replayClaimed(o: ReplayClaimOptions): Promise<number> {
  let delivered = 0;
  for (const entry of await o.quarantine.replayable(o.groupId)) {
    if (!o.running()) break;
    if (!(await o.quarantine.remove(entry.id))) continue; // another member claimed it
    await deliverClaimed(o, entry);
    delivered += 1;
  }
  return delivered;
}
