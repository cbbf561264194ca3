export * from './submitAppeal.http';
export * from './catalog.http';
