export * from './response.http';
export * from './response.service';
export * from './response.policy';
