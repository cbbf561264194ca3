export * from './channels';
export * from './env';
export * from './messages';
export * from './notices';
export * from './notifier';
export * from './notifications.service';
export { readRecords } from './records';
