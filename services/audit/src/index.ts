export * from './audit.http';
export * from './deadlineWatch';
export * from './audit.service';
export * from './audit.policy';
