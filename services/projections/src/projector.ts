import { fromEventMessage, parseEvent, Topics } from '@appeals/contracts';
import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import type { ReadStore } from '@appeals/readstore';
import type { ViewGenerations, ViewNames } from './generations';
import { applyToDetail, toSummary, Views, type AppealDetail } from './views';

/**
 * Applies one bus message to the read views (the live projector and a rebuild both call it, so they cannot drift);
 * replaying it again changes nothing (revision guard). `names` picks the generation of the views to write.
 */
export async function project(
  views: ReadStore,
  message: Pick<DeliveredMessage, 'value'>,
  names: ViewNames = Views,
): Promise<void> {
  const env = fromEventMessage(message);
  const appealId = env.stream.replace(/^appeal-/, '');
  const current = await views.get<AppealDetail>(names.detail, appealId);
  if (current && current._revision >= env.streamPosition) return; // already applied
  const event = parseEvent(env.type, env.data);
  const { _revision: _r, ...doc } = current ?? { _revision: -1 };
  const next = applyToDetail(current ? (doc as AppealDetail) : undefined, env, event);
  if (!next) return;
  await views.upsert(names.detail, appealId, next as unknown as Record<string, unknown>, env.streamPosition);
  await views.upsert(names.summary, appealId, toSummary(next), env.streamPosition);
}

/** Declares the fields the queries read one generation of the views by. */
export async function ensureViewIndexes(views: ReadStore, names: ViewNames = Views): Promise<void> {
  await views.ensureIndex(names.summary, ['agencyId', 'status']);
  await views.ensureIndex(names.summary, ['applicantAccountId']);
  await views.ensureIndex(names.summary, ['dueAt']);
  await views.ensureIndex(names.summary, ['registeredAt']);
  await views.ensureIndex(names.detail, ['registrationNumber']);
}

/**
 * Subscribes the projector to the appeal event topic under its own consumer group. With `generations` it writes
 * the active generation of the views (and waits while a rebuild switches generations); without, the original one.
 */
export async function startProjector(
  bus: Bus,
  views: ReadStore,
  groupId = 'projections',
  generations?: ViewGenerations,
): Promise<Consumer> {
  await ensureViewIndexes(views, generations?.current() ?? Views);
  return bus.subscribe({
    groupId,
    topics: [Topics.appealEvents],
    handler: (m) =>
      generations ? generations.withActive((names) => project(views, m, names)) : project(views, m),
  });
}
