import {
  decodeAppealEvent,
  decodePayload,
  fromEventMessage,
  parseStream,
  Topics,
  type ApplicantDataErased,
} from '@appeals/contracts';
import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import type { ReadStore } from '@appeals/readstore';
import { projectFaqEntry } from './faqView';
import type { ViewGenerations, ViewNames } from './generations';
import { ensureViewIndexes } from './listQueries';
import { agenciesOf, eachLimited, touchedDays, type BucketDay } from './statsBuckets';
import { markDirty } from './statsDirty';
import { applyToDetail, toSummary, Views, type AppealDetail, type PersonalView } from './views';

/**
 * What projecting needs: the read store. The views hold personal data sealed, as the events carry it (ADR "sealed
 * read views"): the projector opens nothing and needs no vault; the read routes open it for readers.
 */
export interface ProjectionDeps {
  views: ReadStore;
}

/** The revision of a scrubbed personal-data document (projectors before sealed views wrote opened ones at 1). */
const PERSONAL_ERASED_REVISION = 2;
const SCRUB_PAGE = 200;

/**
 * Replaces every opened personal-data document of an erased subject by the erased marker: only details written
 * before the views held personal data sealed have such documents (a rebuild drops them); for the others the
 * erasure needs nothing in the views, since their sealed data no longer opens.
 */
async function scrub(views: ReadStore, names: ViewNames, erased: ApplicantDataErased) {
  for (let offset = 0; ; offset += SCRUB_PAGE) {
    // in id (= appeal id) order, off the subjectId index; a scrubbed document keeps its subject, so offsets hold
    const page = await views.findItems<PersonalView>(names.personal, {
      where: { subjectId: erased.subjectId },
      limit: SCRUB_PAGE,
      offset,
    });
    for (const doc of page) {
      const scrubbed: PersonalView = {
        appealId: doc.appealId,
        subjectId: doc.subjectId,
        personalData: 'erased',
        applicant: { type: doc.applicant.type, personalData: 'erased' },
        text: 'erased',
        erasedAt: erased.erasedAt,
      };
      await views.upsert(names.personal, doc.appealId, { ...scrubbed }, PERSONAL_ERASED_REVISION);
    }
    if (page.length < SCRUB_PAGE) return;
  }
}

/**
 * Applies one bus message to the read views (the live projector calls it; a rebuild applies whole batches with
 * {@link projectBatch}, the same code); replaying it again changes nothing (revision guard). `names` picks the
 * generation of the views to write. Personal data stays sealed as the events carry it; an
 * `ApplicantDataErased` scrubs only what older projectors opened.
 */
export function project(
  deps: ProjectionDeps,
  message: Pick<DeliveredMessage, 'value'>,
  names: ViewNames = Views,
): Promise<void> {
  return projectBatch(deps, [message], names);
}

export type Envelope = ReturnType<typeof fromEventMessage>;

/** How a batch is applied: a rebuild paces itself and goes one appeal at a time; the live projector does not. */
export interface BatchOptions {
  /** awaited before each appeal's read and write (a rebuild gives way to the live projector there) */
  pace?: () => Promise<void>;
  /** appeals of one batch applied at the same time (default 1) */
  concurrency?: number;
  /** told after a batch marked statistics days dirty (the background recomputation, statsDirty.ts) */
  statsMarked?: () => void;
}

/** An appeal's detail as a batch found it (none yet: revision -1), and what its events made of it. */
export interface FoldedAppeal {
  doc: AppealDetail | undefined;
  revision: number;
  /** an event applied that changed the detail */
  changed: boolean;
  /** an event the detail already held (a redelivery) */
  repeated: boolean;
}

/**
 * Applies one appeal's events (in log order) to its detail `doc` at `revision`, skipping what it holds already (the
 * revision guard). Pure: the sealed personal data goes into the detail as the events carry it.
 */
export function foldAppeal(
  doc: AppealDetail | undefined,
  revision: number,
  envelopes: readonly Envelope[],
): FoldedAppeal {
  const folded: FoldedAppeal = { doc, revision, changed: false, repeated: false };
  for (const env of envelopes) {
    const applied = folded.revision >= env.streamPosition;
    folded.repeated ||= applied;
    if (applied) continue;
    const event = decodeAppealEvent(env);
    const next = applyToDetail(folded.doc, env, event);
    if (!next) continue;
    folded.doc = next;
    folded.revision = env.streamPosition;
    folded.changed = true;
  }
  return folded;
}

/**
 * Applies one appeal's events (in log order) to its views: one read, then one write per view if anything changed.
 * When the events begin with the stream's first one, there is nothing to read: the views are what these events
 * make from nothing, and a stored document at that revision or later (a redelivery) keeps its place by the
 * revision guard.
 */
async function projectAppeal(
  deps: ProjectionDeps,
  names: ViewNames,
  appealId: string,
  envelopes: Envelope[],
  pace: () => Promise<void>,
): Promise<BucketDay[]> {
  const { views } = deps;
  await pace();
  const fromStart = envelopes[0]?.streamPosition === 0;
  const current = fromStart ? null : await views.get<AppealDetail>(names.detail, appealId);
  const { _revision: stored, ...rest } = current ?? { _revision: -1 };
  const found = current ? (rest as AppealDetail) : undefined;
  const before = found && toSummary(found);
  const { doc, revision, changed, repeated } = foldAppeal(found, stored, envelopes);
  if (changed && doc) await pace();
  const after = doc && toSummary(doc);
  const [, summaryWritten] = await Promise.all([
    changed && doc
      ? views.upsert(names.detail, appealId, doc as unknown as Record<string, unknown>, revision)
      : undefined,
    // a redelivery writes the summary again (the revision guard keeps a stored one): the first delivery may have
    // written the detail and stopped before the summary
    (changed || repeated) && after ? views.upsert(names.summary, appealId, after, revision) : undefined,
  ]);
  // events already applied, or a summary already at least as new: the statistics may not have followed it
  const redelivered = repeated || summaryWritten === false;
  return touchedDays(before, after, redelivered && doc ? { agencies: agenciesOf(doc) } : undefined);
}

/**
 * Applies messages in log order to one generation of the views, reading and writing each appeal's documents once
 * per batch instead of once per event: the live projector gets a partition's messages this way, and a rebuild
 * replays the whole log this way, so it costs the read store a fraction of what one write per event costs. The
 * result is what applying each message with {@link project} gives: each appeal's events apply in log order (appeals
 * are independent, so `concurrency` of them go at once), the revision guard skips what a document already holds,
 * and an erasure scrubs (older opened documents) in log order (the appeals before it are written first).
 */
export function projectBatch(
  deps: ProjectionDeps,
  messages: ReadonlyArray<Pick<DeliveredMessage, 'value'>>,
  names: ViewNames = Views,
  options: BatchOptions = {},
): Promise<void> {
  return projectEnvelopes(deps, messages.map(fromEventMessage), names, options);
}

/**
 * {@link projectBatch} on envelopes already decoded: a rebuild builds them from the stored events it reads, without
 * encoding each as a bus message only to decode it again.
 */
export function projectEnvelopes(
  deps: ProjectionDeps,
  envelopes: readonly Envelope[],
  names: ViewNames = Views,
  options: BatchOptions = {},
): Promise<void> {
  const pace = options.pace ?? (() => Promise.resolve());
  const concurrency = options.concurrency ?? 1;
  return applyEnvelopes(deps, envelopes, names, {
    concurrency,
    appeal: (appealId, group) => projectAppeal(deps, names, appealId, group, pace),
    faq: (entryId, group) => projectFaqEntry(deps.views, names, entryId, group, pace),
    // after the summaries are written: their days marked, their buckets recomputed later (ADR 0025)
    settle: async (days) => {
      if ((await markDirty(deps.views, names, days)) > 0) options.statsMarked?.();
    },
  });
}

/** How {@link applyEnvelopes} applies each appeal's events of a batch, and what follows them. */
export interface EnvelopeAppliers {
  concurrency: number;
  appeal: (appealId: string, envelopes: Envelope[]) => Promise<BucketDay[]>;
  /** one public FAQ entry's events of the batch, in log order (faqView.ts) */
  faq: (entryId: string, envelopes: Envelope[]) => Promise<void>;
  /** after the appeals applied before a scrub or at the end of the batch, with the statistics days they touched */
  settle: (days: BucketDay[]) => Promise<void>;
}

/**
 * The order every batch is applied in: envelopes grouped by appeal (each group in log order, `concurrency` groups at
 * a time), the groups before an applicant's erasure applied before its scrub, then the statistics they touched; the
 * public FAQ's entries (which depend on no appeal view) grouped by entry and applied at the end.
 */
export async function applyEnvelopes(
  deps: ProjectionDeps,
  envelopes: readonly Envelope[],
  names: ViewNames,
  appliers: EnvelopeAppliers,
): Promise<void> {
  const byAppeal = new Map<string, Envelope[]>();
  const byEntry = new Map<string, Envelope[]>();
  const flush = async () => {
    const appeals = [...byAppeal];
    byAppeal.clear();
    const days: BucketDay[] = [];
    await eachLimited(appeals, appliers.concurrency, async ([appealId, group]) => {
      days.push(...(await appliers.appeal(appealId, group)));
    });
    await appliers.settle(days);
  };
  for (const env of envelopes) {
    const stream = parseStream(env.stream);
    if (stream?.kind === 'applicant') {
      await flush(); // a scrub reads the personal view as the events before it left it
      if (env.type === 'ApplicantDataErased')
        await scrub(deps.views, names, decodePayload('ApplicantDataErased', env));
      continue;
    }
    const groups = stream?.kind === 'appeal' ? byAppeal : stream?.kind === 'faq' ? byEntry : undefined;
    if (!groups) continue;
    const group = groups.get(stream!.id);
    if (group) group.push(env);
    else groups.set(stream!.id, [env]);
  }
  await flush();
  await eachLimited([...byEntry], appliers.concurrency, ([entryId, group]) => appliers.faq(entryId, group));
}

/** Appeals the live projector applies at once from one batch (each partition's batch runs on its own, too). */
const LIVE_CONCURRENCY = 8;

/**
 * Subscribes the projector to the appeal, applicant and FAQ event topics under its own consumer group, a batch at a
 * time ({@link projectBatch}: one read and one write per document and batch). With `generations` it writes the
 * active generation of the views (and waits while a rebuild switches generations); without, the original one.
 */
export async function startProjector(
  bus: Bus,
  deps: ProjectionDeps,
  groupId = 'projections',
  generations?: ViewGenerations,
  statsMarked?: () => void,
): Promise<Consumer> {
  await ensureViewIndexes(deps.views, generations?.current() ?? Views);
  const options: BatchOptions = { concurrency: LIVE_CONCURRENCY, ...(statsMarked ? { statsMarked } : {}) };
  return bus.subscribe({
    groupId,
    topics: [Topics.appealEvents, Topics.applicantEvents, Topics.faqEvents],
    batchHandler: (messages) =>
      generations
        ? generations.withActive((names) => projectBatch(deps, messages, names, options))
        : projectBatch(deps, messages, Views, options),
  });
}
