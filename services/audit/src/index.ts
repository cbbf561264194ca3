export * from './audit.http';
export * from './deadlineWatch';
