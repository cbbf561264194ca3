export * from './router.consumer';
export * from './routing.http';
export * from './routing.service';
export * from './routing.policy';
