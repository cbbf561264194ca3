export * from './response.http';
