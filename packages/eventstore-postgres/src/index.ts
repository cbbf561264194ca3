export * from './postgresEventStore';
export * from './migrations';
export * from './checkpoint';
export { createPostgresQuarantine, quarantineMigrations } from './postgresQuarantine';
export { checkOut, type CheckedOutClient } from './checkedOut';
