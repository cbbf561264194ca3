export * from './compose';
export * from './dockerfile';
export * from './k8s';
export * from './load';
export * from './platform';
export * from './yamlFiles';
