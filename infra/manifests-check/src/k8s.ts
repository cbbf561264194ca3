/**
 * Checks of infra/k8s. Each takes the resources of every listed file and returns one message per violation,
 * naming the resource (Kind/name in file) and what is wrong; an empty list means the property holds.
 */

export * from './k8sConfig';
export { checkUniqueNames, ofKind, toResources, type Resource } from './k8sResources';
export * from './k8sServing';
export * from './k8sWorkloads';
