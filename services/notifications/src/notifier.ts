import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import {
  appealStream,
  eventTypeOf,
  fromEventMessage,
  decodeAppealEvent,
  streamIdToAppealId,
  Topics,
  type EventEnvelope,
} from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { Contact, NotifierChannel } from './channels';
import { deliverOn, type DeliverDeps, type Delivery } from './deliver';
import { renderNotice } from './messages';
import { makesNotice, noticeFor, type AppealStart, type NoticeContext } from './notices';
import { appendRecord, readRecords, wasSkipped } from './records';

export interface NotifierDeps extends DeliverDeps {
  store: EventStore;
  bus: Bus;
  vault: PersonalDataVault;
  /** the channels that are on (e-mail when SMTP is configured, SMS unless off) */
  channels: readonly NotifierChannel[];
  context: NoticeContext;
  /** consumer group (default 'notifications') */
  groupId?: string;
}

/** How the appeal began: its first two events (every appeal, linked ones too, starts with them). */
async function appealStart(store: EventStore, appealId: string): Promise<AppealStart> {
  const [submitted, registered] = (await store.readStream(appealStream(appealId), { maxCount: 2 })).map((e) =>
    decodeAppealEvent(e),
  );
  if (submitted?.type !== 'AppealSubmitted' || registered?.type !== 'AppealRegistered')
    throw new Error(`appeal ${appealId} does not begin with AppealSubmitted, AppealRegistered`);
  return { submitted: submitted.data, registered: registered.data };
}

/** The applicant's contact opened for this send: 'erased' after crypto-shredding, 'anonymous' for nobody. */
async function openContact(
  vault: PersonalDataVault,
  start: AppealStart,
): Promise<{ contact: Contact; trackingCode?: string | undefined } | 'erased' | 'anonymous'> {
  const { applicant } = start.submitted;
  if (applicant.type === 'anonymous') return 'anonymous';
  const opened = await vault.open<Record<string, unknown>>(applicant.personal, 'applicant');
  if (opened.status === 'erased') return 'erased';
  const text = (key: string) =>
    typeof opened.value[key] === 'string' ? (opened.value[key] as string) : undefined;
  return { contact: { email: text('email'), phone: text('phone') }, trackingCode: text('trackingCode') };
}

/**
 * Sends the applicant the notice one appeal event makes (if any) on every channel that reaches them, and records
 * what became of it in the notification stream; an erased applicant gets a `NotificationSkipped` instead, and one
 * no channel reaches (no contact given) nothing. Redelivery sends nothing twice (the records say what was done).
 */
export async function notifyOf(deps: NotifierDeps, envelope: EventEnvelope): Promise<void> {
  const appealId = streamIdToAppealId(envelope.stream);
  if (!appealId || !makesNotice(envelope.type)) return;
  const start = await appealStart(deps.store, appealId);
  const notice = noticeFor(decodeAppealEvent(envelope), start, deps.context);
  if (!notice) return;
  const opened = await openContact(deps.vault, start);
  if (opened === 'anonymous') return; // nobody to tell: the appeal names no one
  const reach =
    opened === 'erased'
      ? []
      : deps.channels.flatMap((c) => {
          const to = c.addressOf(opened.contact);
          return to ? [{ channel: c, to }] : [];
        });
  // no channel reaches the applicant (no e-mail, no phone given): nothing to tell, nothing to record — the appeal's
  // own sealed data shows what contact was given, so a record per appeal would only cost a write
  if (opened !== 'erased' && reach.length === 0) return;
  const records = await readRecords(deps.store, appealId);
  if (wasSkipped(records, envelope.id)) return;
  const base = { appealId, sourceEventId: envelope.id, template: notice.template, language: notice.language };
  const cause = { correlationId: envelope.metadata.correlationId };
  if (opened === 'erased') {
    const skippedAt = deps.clock().toISOString();
    await appendRecord(
      deps.store,
      { type: 'NotificationSkipped', data: { ...base, reason: 'erased', skippedAt } },
      cause,
    );
    return;
  }
  const params =
    notice.template === 'appeal_registered'
      ? { ...notice.params, trackingCode: opened.trackingCode }
      : notice.params;
  const delivery: Delivery = {
    ...base,
    ...cause,
    rendered: renderNotice(notice.language, notice.template, params),
  };
  for (const { channel, to } of reach) await deliverOn(deps, channel, to, delivery, records);
}

/** Follows the appeal events (group `notifications`) and notifies the applicants ({@link notifyOf}). */
export function startNotifier(deps: NotifierDeps): Promise<Consumer> {
  return deps.bus.subscribe({
    groupId: deps.groupId ?? 'notifications',
    topics: [Topics.appealEvents],
    handler: async (message: DeliveredMessage) => {
      // the CloudEvents type header names the event: most events make no notice, skip them undecoded
      const type = eventTypeOf(message.headers);
      if (type !== undefined && !makesNotice(type)) return;
      await notifyOf(deps, fromEventMessage(message));
    },
  });
}
