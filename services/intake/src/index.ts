export * from './submitAppeal.http';
export * from './catalog.http';
export * from './calendars.http';
export * from './intake.service';
export * from './intake.policy';
