import { seededRandom } from './random';

/** A unit-length sparse vector: ascending term indexes and their weights. */
export interface SparseVector {
  idx: number[];
  val: number[];
}

/** The dot product of a sparse vector and a dense one. */
export const dotDense = (v: SparseVector, dense: Float64Array): number => {
  let sum = 0;
  for (let i = 0; i < v.idx.length; i++) sum += v.val[i]! * dense[v.idx[i]!]!;
  return sum;
};

/** The dot product of two sparse vectors (a merge of their ascending indexes). */
export function dotSparse(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.idx.length && j < b.idx.length; ) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) sum += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** A clustering: unit centroids, the cluster of each vector, and the sum of each vector's cosine to its centroid. */
export interface Clustering {
  centroids: Float64Array[];
  assignment: number[];
  cohesion: number;
}

/** Below this similarity a vector resembles no centroid: it belongs to no cluster (-1). */
const NO_SIMILARITY = 1e-12;

/** The cluster whose centroid is most similar to `v`, and that similarity (-1 with no centroid). */
export function nearest(
  v: SparseVector,
  centroids: readonly Float64Array[],
): { cluster: number; similarity: number } {
  let cluster = -1;
  let similarity = -1;
  for (let c = 0; c < centroids.length; c++) {
    const s = dotDense(v, centroids[c]!);
    if (s > similarity) [cluster, similarity] = [c, s];
  }
  return { cluster, similarity };
}

/**
 * The cluster of `v`: the nearest centroid's, or -1 when it shares no term with any, and that similarity. Forcing
 * such a vector into a cluster (the first, where every similarity is 0) would pull that centroid towards words none
 * of its members use, and keep the vector there: a pair of appeals about something nobody else writes about ended in
 * whichever topic happened to come first.
 */
export function clusterOf(
  v: SparseVector,
  centroids: readonly Float64Array[],
): { cluster: number; similarity: number } {
  const { cluster, similarity } = nearest(v, centroids);
  return { cluster: similarity > NO_SIMILARITY ? cluster : -1, similarity };
}

/** The normalised mean of the vectors of each cluster (a cluster left empty keeps its old centroid). */
function recenter(
  vectors: readonly SparseVector[],
  assignment: readonly number[],
  old: Float64Array[],
): Float64Array[] {
  const dims = old[0]?.length ?? 0;
  const sums = old.map(() => new Float64Array(dims));
  const sizes = old.map(() => 0);
  vectors.forEach((v, i) => {
    const c = assignment[i]!;
    if (c < 0) return;
    sizes[c]!++;
    for (let j = 0; j < v.idx.length; j++) sums[c]![v.idx[j]!]! += v.val[j]!;
  });
  return sums.map((sum, c) => {
    if (sizes[c] === 0) return old[c]!;
    const norm = Math.hypot(...sum);
    return norm > 0 ? sum.map((x) => x / norm) : old[c]!;
  });
}

const toDense = (v: SparseVector, dims: number): Float64Array => {
  const d = new Float64Array(dims);
  v.idx.forEach((t, j) => (d[t] = v.val[j]!));
  return d;
};

/** k-means++ seeding on cosine distance: each next seed drawn with probability ∝ its distance² to the nearest seed. */
function seed(
  vectors: readonly SparseVector[],
  k: number,
  dims: number,
  random: () => number,
): Float64Array[] {
  const first = vectors[Math.floor(random() * vectors.length)]!;
  const seeds = [toDense(first, dims)];
  const dist = vectors.map((v) => (1 - dotDense(v, seeds[0]!)) ** 2);
  while (seeds.length < k) {
    const total = dist.reduce((a, b) => a + b, 0);
    let r = random() * total;
    let pick = dist.findIndex((d) => (r -= d) < 0);
    if (pick < 0 || total === 0) pick = Math.floor(random() * vectors.length);
    const next = toDense(vectors[pick]!, dims);
    seeds.push(next);
    vectors.forEach((v, i) => (dist[i] = Math.min(dist[i]!, (1 - dotDense(v, next)) ** 2)));
  }
  return seeds;
}

/**
 * Spherical k-means (cosine similarity, unit centroids; Dhillon & Modha 2001) with k-means++ seeding: `restarts`
 * runs from seeds drawn by a generator seeded with `seed`, the most cohesive kept. Deterministic for the same input.
 */
export function sphericalKMeans(
  vectors: readonly SparseVector[],
  k: number,
  dims: number,
  options: { seed?: number; restarts?: number; maxIterations?: number } = {},
): Clustering {
  const random = seededRandom(options.seed ?? 1);
  let best: Clustering | undefined;
  for (let run = 0; run < (options.restarts ?? 4); run++) {
    let centroids = seed(vectors, k, dims, random);
    let assignment = vectors.map(() => -1);
    for (let it = 0; it < (options.maxIterations ?? 50); it++) {
      const next = vectors.map((v) => clusterOf(v, centroids).cluster);
      const moved = next.some((c, i) => c !== assignment[i]);
      assignment = next;
      if (!moved) break;
      centroids = recenter(vectors, assignment, centroids);
    }
    const cohesion = vectors.reduce(
      (sum, v, i) => (assignment[i]! < 0 ? sum : sum + dotDense(v, centroids[assignment[i]!]!)),
      0,
    );
    if (!best || cohesion > best.cohesion + 1e-9) best = { centroids, assignment, cohesion };
  }
  return best!;
}

/**
 * The mean silhouette (Rousseeuw 1987) of the vectors at `sample` under `assignment`, cosine distance: for each, how
 * much nearer it is to its own cluster than to the next one (-1 … 1; a vector alone in its cluster counts 0).
 */
export function silhouette(
  vectors: readonly SparseVector[],
  assignment: readonly number[],
  k: number,
  sample: readonly number[],
): number {
  if (sample.length === 0) return 0;
  let sum = 0;
  for (const i of sample) {
    const dist = new Float64Array(k);
    const size = new Float64Array(k);
    const own = assignment[i]!;
    if (own < 0) continue; // in no cluster: counts 0, as a vector alone does
    for (const j of sample) {
      if (j === i || assignment[j]! < 0) continue;
      dist[assignment[j]!]! += 1 - dotSparse(vectors[i]!, vectors[j]!);
      size[assignment[j]!]!++;
    }
    if (size[own] === 0) continue;
    const a = dist[own]! / size[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, dist[c]! / size[c]!);
    if (Number.isFinite(b)) sum += (b - a) / Math.max(a, b, 1e-12);
  }
  return sum / sample.length;
}
