export * from './duplicateFinder';
export * from './similarity';
