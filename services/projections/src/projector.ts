import { fromEventMessage, parseEvent, Topics } from '@appeals/contracts';
import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import type { ReadStore } from '@appeals/readstore';
import { applyToDetail, toSummary, Views, type AppealDetail } from './views';

/** Applies one bus message to the read views; replaying it again changes nothing (revision guard). */
export async function project(views: ReadStore, message: Pick<DeliveredMessage, 'value'>): Promise<void> {
  const env = fromEventMessage(message);
  const appealId = env.stream.replace(/^appeal-/, '');
  const current = await views.get<AppealDetail>(Views.detail, appealId);
  if (current && current._revision >= env.streamPosition) return; // already applied
  const event = parseEvent(env.type, env.data);
  const { _revision: _r, ...doc } = current ?? { _revision: -1 };
  const next = applyToDetail(current ? (doc as AppealDetail) : undefined, env, event);
  if (!next) return;
  await views.upsert(Views.detail, appealId, next as unknown as Record<string, unknown>, env.streamPosition);
  await views.upsert(Views.summary, appealId, toSummary(next), env.streamPosition);
}

/** Subscribes the projector to the appeal event topic under its own consumer group. */
export async function startProjector(bus: Bus, views: ReadStore, groupId = 'projections'): Promise<Consumer> {
  await views.ensureIndex(Views.summary, ['agencyId', 'status']);
  await views.ensureIndex(Views.summary, ['applicantAccountId']);
  await views.ensureIndex(Views.summary, ['dueAt']);
  await views.ensureIndex(Views.detail, ['registrationNumber']);
  return bus.subscribe({ groupId, topics: [Topics.appealEvents], handler: (m) => project(views, m) });
}
