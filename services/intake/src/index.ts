export * from './submitAppeal.http';
export * from './catalog.http';
export * from './calendars.http';
export * from './intake.service';
export * from './intake.policy';
export { loadOpen311Settings, Open311EnvSchema } from './env';
export * from './open311.http';
