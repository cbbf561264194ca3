import type { NoticeTemplate } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import { errorClassOf, retryable, type NotifierChannel } from './channels';
import type { RenderedNotice } from './messages';
import type { Language } from './notices';
import { appendRecord, progressOf, recordId } from './records';
import type { NotificationEvent } from '@appeals/contracts';

/** One notice about one appeal event, written out, with what each channel needs to send it. */
export interface Delivery {
  appealId: string;
  sourceEventId: string;
  correlationId?: string | undefined;
  template: NoticeTemplate;
  language: Language;
  rendered: RenderedNotice;
}

export interface DeliverDeps {
  store: EventStore;
  clock: () => Date;
  /** waits before each retry, in ms: tries = its length + 1 */
  retryBackoffMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a notice through one channel to one address, resuming from the tries the records hold: each failed try is
 * recorded (`NotificationFailed`, its error's class), a retry follows after the backoff while the class allows it and
 * tries remain, the last failure is recorded `final`; a success is recorded `NotificationSent`. Nothing is sent when
 * the records say it was sent or failed for good (a redelivered event).
 */
export async function deliverOn(
  deps: DeliverDeps,
  channel: NotifierChannel,
  to: string,
  delivery: Delivery,
  records: readonly NotificationEvent[],
): Promise<void> {
  const progress = progressOf(records, delivery.sourceEventId, channel.name);
  if (progress.done) return;
  const tries = deps.retryBackoffMs.length + 1;
  const sleep = deps.sleep ?? wait;
  const base = {
    appealId: delivery.appealId,
    sourceEventId: delivery.sourceEventId,
    template: delivery.template,
    language: delivery.language,
    channel: channel.name,
  };
  const cause = { correlationId: delivery.correlationId };
  for (let attempt = progress.failedTries + 1; attempt <= tries; attempt += 1) {
    try {
      await channel.send({
        to,
        language: delivery.language,
        rendered: delivery.rendered,
        messageId: recordId(delivery.sourceEventId, channel.name),
        template: delivery.template,
      });
    } catch (error) {
      const errorClass = errorClassOf(error);
      const final = !retryable(errorClass) || attempt === tries;
      const failedAt = deps.clock().toISOString();
      await appendRecord(
        deps.store,
        { type: 'NotificationFailed', data: { ...base, attempt, errorClass, final, failedAt } },
        cause,
      );
      if (final) return;
      await sleep(deps.retryBackoffMs[attempt - 1] ?? 0);
      continue;
    }
    const sentAt = deps.clock().toISOString();
    await appendRecord(deps.store, { type: 'NotificationSent', data: { ...base, attempt, sentAt } }, cause);
    return;
  }
}
