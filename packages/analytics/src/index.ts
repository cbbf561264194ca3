export * from './topics';
export * from './surges';
export * from './periods';
export { maskIdentifiers, words, TEXT_LANGUAGES, type TextLanguage, type Word } from './text';
export { properNames } from './names';
export { compareCounts, binomialUpper, binomialLower, binomialPmf } from './poisson';
export { sphericalKMeans, silhouette, type SparseVector, type Clustering } from './kmeans';
export { stemKazakh } from './kazakh';
export { seededRandom } from './random';
