import { clusterOf, silhouette, sphericalKMeans, type Clustering, type SparseVector } from './kmeans';
import { properNames } from './names';
import { compareCounts } from './poisson';
import { hashOf } from './random';
import { buildVocabulary, shownTerm, vectorize, type Vocabulary } from './tfidf';
import { TEXT_LANGUAGES, words, type TextLanguage, type Word } from './text';

/** One appeal as the topics read it: its subject line, its language, its category (shown in aggregate only). */
export interface TopicDocument {
  id: string;
  language: TextLanguage;
  text: string;
  categoryId?: string;
}

export interface TopicOptions {
  /** a term shows (as a top term or a word of an example) only when at least this many appeals of the period use it (3) */
  minDocuments?: number;
  /** a term counts as a feature when at least this many appeals use it (2) */
  minFeatureDocuments?: number;
  /** the most topics per language (20) */
  maxTopics?: number;
  /** k is tried up to documents ÷ this (3): no topic is expected to be smaller */
  minTopicSize?: number;
  /** k-means runs on at most this many documents of a language, chosen by a hash of their ids (4,000); all are then assigned */
  fitSample?: number;
  /** the silhouette that chooses k is measured on at most this many of them (400) */
  silhouetteSample?: number;
  /** example subjects per topic (3) */
  examples?: number;
  /** the generator's seed (1): the same documents always give the same topics */
  seed?: number;
  /** the lengths of the period and of the one before it (days; 7 and 7): the trend compares rates */
  exposure?: { current: number; previous: number };
  /** the trend's significance level (0.01) */
  alpha?: number;
}

export type Trend = 'up' | 'down' | 'steady' | 'new';

export interface Topic {
  id: string;
  language: TextLanguage;
  /** the words that weigh most in the topic's centroid, as the appeals write them */
  terms: string[];
  /** appeals of the period in the topic */
  count: number;
  /** appeals of the period before that fall in the topic (assigned to the same centroids) */
  previousCount: number;
  /** the change of the daily rate from the period before, in per cent (null when it had none) */
  changePct: number | null;
  /** up / down when the conditional Poisson test says so at `alpha`; new when the period before had none */
  trend: Trend;
  /** subject lines closest to the topic, every word not shared by `minDocuments` appeals (and every name) masked */
  examples: string[];
  /** the categories of its appeals, most first */
  categories: Array<{ categoryId: string; count: number }>;
}

/** How one language's appeals were clustered. */
export interface LanguageSummary {
  language: TextLanguage;
  documents: number;
  /** appeals with no counted term (too rare, or only names and numbers): in no topic */
  unassigned: number;
  k: number;
  /** the silhouette of the chosen k (null for one topic or none) */
  silhouette: number | null;
  /** each k tried with its silhouette */
  tried: Array<{ k: number; silhouette: number }>;
}

export interface TopicsResult {
  topics: Topic[];
  languages: LanguageSummary[];
  /** the topic of each document of the period that has one (document id → topic id); for checks, not for display */
  assignments: Map<string, string>;
}

const DEFAULTS = {
  minDocuments: 3,
  minFeatureDocuments: 2,
  maxTopics: 20,
  minTopicSize: 3,
  fitSample: 4_000,
  silhouetteSample: 400,
  examples: 3,
  seed: 1,
  exposure: { current: 7, previous: 7 },
  alpha: 0.01,
} satisfies Required<TopicOptions>;

type Settings = Required<TopicOptions>;

/** Documents in a fixed pseudo-random order (by a hash of the id), so a sample of the first n is fair and repeatable. */
const hashOrder = (ids: readonly string[]): number[] =>
  ids
    .map((id, i) => [hashOf(id), i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);

/** The k (2 … kMax) with the highest silhouette on the sample; one topic when too few documents for two. */
function chooseK(vectors: SparseVector[], dims: number, o: Settings) {
  const kMax = Math.min(o.maxTopics, Math.floor(vectors.length / o.minTopicSize));
  const tried: Array<{ k: number; silhouette: number }> = [];
  if (kMax < 2) return { clustering: sphericalKMeans(vectors, 1, dims, { seed: o.seed }), tried };
  const sample = [...vectors.keys()].slice(0, o.silhouetteSample);
  let best: { clustering: Clustering; score: number } | undefined;
  for (let k = 2; k <= kMax; k++) {
    const clustering = sphericalKMeans(vectors, k, dims, { seed: o.seed });
    const sizes = new Array<number>(k).fill(0);
    for (const c of clustering.assignment) if (c >= 0) sizes[c]!++;
    // a clustering with a topic smaller than minTopicSize is no candidate: short subject lines sharing one rare
    // word pair off into tiny "topics" that the silhouette likes and a reader does not
    if (Math.min(...sizes) < o.minTopicSize) continue;
    const score = silhouette(vectors, clustering.assignment, k, sample);
    tried.push({ k, silhouette: +score.toFixed(4) });
    if (!best || score > best.score + 1e-9) best = { clustering, score };
  }
  if (!best) return { clustering: sphericalKMeans(vectors, 1, dims, { seed: o.seed }), tried };
  return { clustering: best.clustering, silhouette: +best.score.toFixed(4), tried };
}

/** The topic (centroid) of each vector with any similarity to one, else -1, and that similarity. */
const assign = (vectors: readonly SparseVector[], centroids: readonly Float64Array[]) =>
  vectors.map((v) => clusterOf(v, centroids));

/** A subject line with every word that is not a counted term or a function word masked, or undefined if too little is left. */
function example(
  doc: readonly Word[],
  vocabulary: Vocabulary,
  names: ReadonlySet<string>,
  minShown: number,
): string | undefined {
  const parts: string[] = [];
  let terms = 0;
  for (const w of doc) {
    const shown = !w.gap && !names.has(w.lower) && (w.stop || shownTerm(vocabulary, w.stem, minShown));
    if (shown && !w.stop) terms++;
    const part = shown ? w.surface : '\u2026';
    if (part !== '\u2026' || parts.at(-1) !== '\u2026') parts.push(part);
  }
  if (terms < 1) return undefined;
  const text = parts.join(' ');
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** The trend of a topic from its counts in the period and the one before (rates over their lengths). */
function trendOf(count: number, previous: number, o: Settings): Pick<Topic, 'trend' | 'changePct'> {
  const t = o.exposure.previous / o.exposure.current;
  const { pHigher, pLower } = compareCounts(count, previous, t);
  const changePct = previous > 0 ? Math.round((count / (previous / t) - 1) * 1000) / 10 : null;
  const trend: Trend =
    previous === 0 ? 'new' : pHigher < o.alpha ? 'up' : pLower < o.alpha ? 'down' : 'steady';
  return { trend, changePct };
}

/** The topics of one language's appeals in the period, with their counts in the period before. */
function languageTopics(
  language: TextLanguage,
  current: readonly TopicDocument[],
  previous: readonly TopicDocument[],
  o: Settings,
): { topics: Array<Omit<Topic, 'id'> & { members: string[] }>; summary: LanguageSummary } {
  const analysed = current.map((d) => words(d.text, language));
  const before = previous.map((d) => words(d.text, language));
  const names = properNames([...analysed, ...before]);
  const vocabulary = buildVocabulary(analysed, names, o.minFeatureDocuments);
  const vectors = analysed.map((doc) => vectorize(doc, vocabulary, names));
  const usable = hashOrder(current.map((d) => d.id)).filter((i) => vectors[i]!.idx.length > 0);
  const summary: LanguageSummary = {
    language,
    documents: current.length,
    unassigned: current.length,
    k: 0,
    silhouette: null,
    tried: [],
  };
  if (usable.length < o.minTopicSize) return { topics: [], summary };
  const fit = usable.slice(0, o.fitSample).map((i) => vectors[i]!);
  const chosen = chooseK(fit, vocabulary.stems.length, o);
  const { centroids } = chosen.clustering;
  const now = assign(vectors, centroids);
  const then = assign(
    before.map((doc) => vectorize(doc, vocabulary, names)),
    centroids,
  );
  const topics = centroids.map((centroid, c) => {
    const members = now.flatMap((a, i) => (a.cluster === c ? [{ i, similarity: a.similarity }] : []));
    const count = members.length;
    const previousCount = then.filter((a) => a.cluster === c).length;
    const categories = new Map<string, number>();
    for (const { i } of members) {
      const id = current[i]!.categoryId;
      if (id) categories.set(id, (categories.get(id) ?? 0) + 1);
    }
    const examples: string[] = [];
    const byId = (i: number) => current[i]!.id;
    const closest = [...members].sort(
      (a, b) => b.similarity - a.similarity || (byId(a.i) < byId(b.i) ? -1 : byId(a.i) > byId(b.i) ? 1 : 0),
    );
    for (const { i } of closest) {
      if (examples.length >= o.examples) break;
      const text = example(analysed[i]!, vocabulary, names, o.minDocuments);
      if (text && !examples.includes(text)) examples.push(text);
    }
    return {
      members: members.map(({ i }) => current[i]!.id),
      language,
      terms: [...centroid.keys()]
        .filter((t) => centroid[t]! > 0 && vocabulary.df[t]! >= o.minDocuments)
        .sort((a, b) => centroid[b]! - centroid[a]! || a - b)
        .slice(0, 5)
        .map((t) => vocabulary.display[t]!),
      count,
      previousCount,
      ...trendOf(count, previousCount, o),
      examples,
      categories: [...categories]
        .map(([categoryId, n]) => ({ categoryId, count: n }))
        .sort((a, b) => b.count - a.count || (a.categoryId < b.categoryId ? -1 : 1)),
    };
  });
  summary.unassigned = now.filter((a) => a.cluster < 0).length;
  summary.k = centroids.length;
  summary.silhouette = chosen.silhouette ?? null;
  summary.tried = chosen.tried;
  return { topics: topics.filter((t) => t.count > 0), summary };
}

/**
 * What the appeals of a period are about: per language (their words do not meet), the subject lines as TF-IDF
 * vectors of stemmed terms shared by at least `minDocuments` appeals, clustered by spherical k-means with the k of
 * the best silhouette; each topic with its top terms, its count, its count in the period before (those appeals
 * assigned to the same centroids) and the trend, and example subjects with everything identifying masked.
 * Pure and deterministic: the same documents and options give the same topics.
 *
 * @example
 * findTopics(thisWeek, lastWeek, { exposure: { current: 7, previous: 7 } }).topics[0]
 * // { id: 'ru-1', language: 'ru', terms: ['отопления', 'нет', …], count: 42, previousCount: 12, trend: 'up', … }
 */
export function findTopics(
  current: readonly TopicDocument[],
  previous: readonly TopicDocument[],
  options: TopicOptions = {},
): TopicsResult {
  const o: Settings = { ...DEFAULTS, ...options };
  const topics: Topic[] = [];
  const languages: LanguageSummary[] = [];
  const assignments = new Map<string, string>();
  for (const language of TEXT_LANGUAGES) {
    const mine = current.filter((d) => d.language === language);
    if (mine.length === 0) continue;
    const result = languageTopics(
      language,
      mine,
      previous.filter((d) => d.language === language),
      o,
    );
    languages.push(result.summary);
    result.topics
      .sort((a, b) => b.count - a.count || (a.terms.join() < b.terms.join() ? -1 : 1))
      .forEach(({ members, ...t }, i) => {
        const id = `${language}-${i + 1}`;
        topics.push({ id, ...t });
        for (const member of members) assignments.set(member, id);
      });
  }
  topics.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  return { topics, languages, assignments };
}
