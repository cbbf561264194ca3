export * from './response.http';
export * from './response.service';
