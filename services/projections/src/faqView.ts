import { decodeFaqEvent, type EventEnvelope, type FaqEvent } from '@appeals/contracts';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { ViewNames } from './generations';

// The public FAQ's view (docs/faq.md): one document per entry, folded from its stream `faq-<entryId>` in the same
// projector pass as the appeals (live and in a rebuild), revision-guarded by the stream position like a detail.

/** Public words in some of the three languages. */
export type InLanguages = { kk?: string; ru?: string; en?: string };

/** One FAQ entry as the public and the press read it. */
export interface FaqEntryView {
  entryId: string;
  categoryId: string;
  status: 'published' | 'withdrawn';
  question: InLanguages;
  answer: InLanguages;
  /** the answered appeal whose answer the press approved */
  sourceAppealId: string;
  /** every appeal the entry answers (never shown to the public: only their number is) */
  appealIds: string[];
  /** how many appeals it answers: what orders the FAQ */
  appealCount: number;
  publishedAt: string;
  updatedAt: string;
}

/** Applies one FAQ event to an entry (pure); undefined for an event about an entry never published. */
export function applyToFaqEntry(doc: FaqEntryView | undefined, event: FaqEvent): FaqEntryView | undefined {
  if (event.type === 'FaqEntryPublished') {
    const d = event.data;
    return {
      entryId: d.entryId,
      categoryId: d.categoryId,
      status: 'published',
      question: d.question,
      answer: d.answer,
      sourceAppealId: d.sourceAppealId,
      appealIds: d.appealIds,
      appealCount: d.appealIds.length,
      publishedAt: d.publishedAt,
      updatedAt: d.publishedAt,
    };
  }
  if (!doc) return undefined;
  switch (event.type) {
    case 'FaqEntryRevised':
      return {
        ...doc,
        question: event.data.question,
        answer: event.data.answer,
        updatedAt: event.data.revisedAt,
      };
    case 'FaqAppealsLinked': {
      const appealIds = [...new Set([...doc.appealIds, ...event.data.appealIds])];
      return { ...doc, appealIds, appealCount: appealIds.length, updatedAt: event.data.linkedAt };
    }
    case 'FaqEntryWithdrawn':
      return { ...doc, status: 'withdrawn', updatedAt: event.data.withdrawnAt };
  }
}

/** Applies one entry's events of a batch (in log order): one read, one write if anything changed. */
export async function projectFaqEntry(
  views: ReadStore,
  names: Pick<ViewNames, 'faq'>,
  entryId: string,
  envelopes: readonly EventEnvelope[],
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  await pace();
  const stored =
    envelopes[0]?.streamPosition === 0 ? null : await views.get<FaqEntryView>(names.faq, entryId);
  const { _revision: from, ...rest } = stored ?? { _revision: -1 };
  let doc = stored ? (rest as FaqEntryView) : undefined;
  let revision = from;
  for (const env of envelopes) {
    if (env.streamPosition <= revision) continue; // applied already (a redelivery)
    const next = applyToFaqEntry(doc, decodeFaqEvent(env));
    if (!next) continue;
    doc = next;
    revision = env.streamPosition;
  }
  if (doc && revision > from) await views.upsert(names.faq, entryId, { ...doc }, revision);
}

/** The indexes the FAQ reads need. */
export async function ensureFaqIndexes(views: ReadStore, names: Pick<ViewNames, 'faq'>): Promise<void> {
  await views.ensureIndex(names.faq, ['status', 'categoryId']);
}

/**
 * The FAQ's order, the one rule (docs/faq.md): within a category, the entries that answer more appeals first; of
 * as many, the one published first; then by id, so the order is total.
 */
export const byFrequency = (a: FaqEntryView, b: FaqEntryView): number =>
  b.appealCount - a.appealCount ||
  a.publishedAt.localeCompare(b.publishedAt) ||
  a.entryId.localeCompare(b.entryId);

/** One category of the public FAQ: its most frequent questions, in the FAQ's order. */
export interface FaqCategory {
  categoryId: string;
  name: { kk: string; ru: string; en: string };
  /** how many published entries the category has (in `lang` when asked); `entries` holds the first `limit` */
  total: number;
  entries: Array<
    Pick<FaqEntryView, 'entryId' | 'question' | 'answer' | 'appealCount' | 'publishedAt' | 'updatedAt'>
  >;
}

/**
 * The public FAQ: the published entries (in `lang` when asked), grouped by category in the catalog's order, each
 * category's first `limit` by {@link byFrequency}. Nothing but the press's wording and how many appeals each answers.
 */
export async function readFaq(
  views: ReadStore,
  names: Pick<ViewNames, 'faq'>,
  catalog: Catalog,
  query: { lang?: 'kk' | 'ru' | 'en' | undefined; categoryId?: string | undefined; limit: number },
): Promise<FaqCategory[]> {
  const entries = await views.findItems<FaqEntryView>(names.faq, {
    where: { status: 'published', ...(query.categoryId ? { categoryId: query.categoryId } : {}) },
  });
  const shown = query.lang ? entries.filter((e) => e.question[query.lang!] !== undefined) : entries;
  const byCategory = new Map<string, FaqEntryView[]>();
  for (const entry of shown)
    byCategory.set(entry.categoryId, [...(byCategory.get(entry.categoryId) ?? []), entry]);
  const order = new Map(catalog.data.categories.map((c, i) => [c.id, i]));
  return [...byCategory.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b))
    .map(([categoryId, list]) => ({
      categoryId,
      name: catalog.data.categories.find((c) => c.id === categoryId)?.name ?? {
        kk: categoryId,
        ru: categoryId,
        en: categoryId,
      },
      total: list.length,
      entries: list
        .sort(byFrequency)
        .slice(0, query.limit)
        .map(({ entryId, question, answer, appealCount, publishedAt, updatedAt }) => ({
          entryId,
          question,
          answer,
          appealCount,
          publishedAt,
          updatedAt,
        })),
    }));
}
