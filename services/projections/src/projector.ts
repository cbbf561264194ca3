import { openSubmission, type SealedSubmission } from '@appeals/appeal-application';
import { ApplicantDataErased, fromEventMessage, parseEvent, Topics } from '@appeals/contracts';
import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import type { ViewGenerations, ViewNames } from './generations';
import { applyToDetail, toSummary, Views, type AppealDetail, type PersonalView } from './views';

/** What projecting needs: the read store, and the vault that opens personal data. */
export interface ProjectionDeps {
  views: ReadStore;
  vault: PersonalDataVault;
}

/**
 * Revisions of a personal-data document (its own, not the stream's): opened once, erased once. An erasure
 * outranks the opening, so a late or replayed AppealSubmitted can never bring clear data back.
 */
const PERSONAL_REVISION = { opened: 1, erased: 2 } as const;
const SCRUB_PAGE = 200;

/** Writes the opened personal data of a newly submitted appeal (erased already if its key is gone). */
async function openPersonal(
  deps: ProjectionDeps,
  names: ViewNames,
  appealId: string,
  data: SealedSubmission,
) {
  const opened = await openSubmission(deps.vault, data);
  const doc: PersonalView = { appealId, ...opened };
  await deps.views.upsert(names.personal, appealId, { ...doc }, PERSONAL_REVISION.opened);
}

/** Replaces every opened personal-data document of an erased subject by the erased marker. */
async function scrub(views: ReadStore, names: ViewNames, erased: ApplicantDataErased) {
  for (let offset = 0; ; offset += SCRUB_PAGE) {
    const page = await views.find<PersonalView>(names.personal, {
      where: { subjectId: erased.subjectId },
      sort: [['appealId', 'asc']],
      limit: SCRUB_PAGE,
      offset,
    });
    for (const doc of page.items) {
      const scrubbed: PersonalView = {
        appealId: doc.appealId,
        subjectId: doc.subjectId,
        personalData: 'erased',
        applicant: { type: doc.applicant.type, personalData: 'erased' },
        text: 'erased',
        erasedAt: erased.erasedAt,
      };
      await views.upsert(names.personal, doc.appealId, { ...scrubbed }, PERSONAL_REVISION.erased);
    }
    if (page.items.length < SCRUB_PAGE) return;
  }
}

/**
 * Applies one bus message to the read views (the live projector and a rebuild both call it, so they cannot drift);
 * replaying it again changes nothing (revision guard). `names` picks the generation of the views to write.
 * Personal data is opened here, into its own collection; an `ApplicantDataErased` scrubs it.
 */
export async function project(
  deps: ProjectionDeps,
  message: Pick<DeliveredMessage, 'value'>,
  names: ViewNames = Views,
): Promise<void> {
  const { views } = deps;
  const env = fromEventMessage(message);
  if (env.stream.startsWith('applicant-')) {
    if (env.type === 'ApplicantDataErased') await scrub(views, names, ApplicantDataErased.parse(env.data));
    return;
  }
  const appealId = env.stream.replace(/^appeal-/, '');
  const current = await views.get<AppealDetail>(names.detail, appealId);
  if (current && current._revision >= env.streamPosition) return; // already applied
  const event = parseEvent(env.type, env.data);
  // personal data first: if the detail write below fails, the redelivery finds it done (its revision guard)
  if (event.type === 'AppealSubmitted') await openPersonal(deps, names, appealId, event.data);
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
  await views.ensureIndex(names.personal, ['subjectId']);
}

/**
 * Subscribes the projector to the appeal and applicant event topics under its own consumer group. With
 * `generations` it writes the active generation of the views (and waits while a rebuild switches generations);
 * without, the original one.
 */
export async function startProjector(
  bus: Bus,
  deps: ProjectionDeps,
  groupId = 'projections',
  generations?: ViewGenerations,
): Promise<Consumer> {
  await ensureViewIndexes(deps.views, generations?.current() ?? Views);
  return bus.subscribe({
    groupId,
    topics: [Topics.appealEvents, Topics.applicantEvents],
    handler: (m) =>
      generations ? generations.withActive((names) => project(deps, m, names)) : project(deps, m),
  });
}
