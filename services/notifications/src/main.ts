import { runService } from '@appeals/service-host';
import { loadNotificationSettings, type NotificationSettings } from './env';
import { createNotificationsService } from './notifications.service';

/** The notifications as their own process: `node services/notifications/dist/main.js` (configuration: README). */
let settings: NotificationSettings;
try {
  settings = loadNotificationSettings();
} catch (error) {
  console.error(`notifications: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
runService({
  name: 'notifications',
  ports: ['store', 'bus', 'vault'],
  build: (deps) => {
    if (!settings.smtp)
      deps.logger.warn('SMTP_HOST is not set: no e-mail notices, SMS (logging adapter) only');
    return createNotificationsService({ ...deps, settings });
  },
});
