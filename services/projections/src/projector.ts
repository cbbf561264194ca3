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
 * Applies one bus message to the read views (the live projector calls it; a rebuild applies whole batches with
 * {@link projectBatch}, the same code); replaying it again changes nothing (revision guard). `names` picks the
 * generation of the views to write. Personal data is opened here, into its own collection; an
 * `ApplicantDataErased` scrubs it.
 */
export function project(
  deps: ProjectionDeps,
  message: Pick<DeliveredMessage, 'value'>,
  names: ViewNames = Views,
): Promise<void> {
  return projectBatch(deps, [message], names);
}

/** One appeal's detail view while a batch is applied: read once, written once at the end. */
interface Pending {
  doc: AppealDetail | undefined;
  revision: number;
  changed: boolean;
}

/**
 * Applies messages in log order to one generation of the views, reading and writing each appeal's documents once
 * per batch instead of once per event: a rebuild replays the whole log this way, so it costs the read store a
 * fraction of what the live projector's writes cost and does not starve it. The result is what applying each
 * message with {@link project} gives: the revision guard skips what a document already holds, personal data is
 * written before the detail (a failed batch is redone, and finds it done), and an erasure scrubs in log order.
 */
export async function projectBatch(
  deps: ProjectionDeps,
  messages: ReadonlyArray<Pick<DeliveredMessage, 'value'>>,
  names: ViewNames = Views,
  /** awaited before each appeal's read and write (a rebuild gives way to the live projector there) */
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const { views } = deps;
  const pending = new Map<string, Pending>();
  const flush = async () => {
    for (const [appealId, { doc, revision, changed }] of pending) {
      if (!changed || !doc) continue;
      await pace();
      await views.upsert(names.detail, appealId, doc as unknown as Record<string, unknown>, revision);
      await views.upsert(names.summary, appealId, toSummary(doc), revision);
    }
    pending.clear();
  };
  for (const message of messages) {
    const env = fromEventMessage(message);
    if (env.stream.startsWith('applicant-')) {
      await flush(); // a scrub reads the personal view as the events before it left it
      if (env.type === 'ApplicantDataErased') await scrub(views, names, ApplicantDataErased.parse(env.data));
      continue;
    }
    const appealId = env.stream.replace(/^appeal-/, '');
    let entry = pending.get(appealId);
    if (!entry) {
      await pace();
      const current = await views.get<AppealDetail>(names.detail, appealId);
      const { _revision: revision, ...doc } = current ?? { _revision: -1 };
      entry = { doc: current ? (doc as AppealDetail) : undefined, revision, changed: false };
      pending.set(appealId, entry);
    }
    if (entry.revision >= env.streamPosition) continue; // already applied
    const event = parseEvent(env.type, env.data);
    // personal data first: if the detail write fails, the redelivery finds it done (its revision guard)
    if (event.type === 'AppealSubmitted') await openPersonal(deps, names, appealId, event.data);
    const next = applyToDetail(entry.doc, env, event);
    if (!next) continue;
    Object.assign(entry, { doc: next, revision: env.streamPosition, changed: true });
  }
  await flush();
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
 * Subscribes the projector to the appeal and applicant event topics under its own consumer group, a batch at a
 * time ({@link projectBatch}: one read and one write per document and batch). With `generations` it writes the
 * active generation of the views (and waits while a rebuild switches generations); without, the original one.
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
    batchHandler: (messages) =>
      generations
        ? generations.withActive((names) => projectBatch(deps, messages, names))
        : projectBatch(deps, messages),
  });
}
