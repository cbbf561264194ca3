export * from './router.consumer';
export * from './routing.http';
