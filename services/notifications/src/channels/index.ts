export * from './port';
export * from './smtpChannel';
export * from './smsLogChannel';
