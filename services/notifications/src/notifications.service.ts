import type { Bus, Consumer } from '@appeals/bus';
import { toLocalDate } from '@appeals/calendar';
import type { Jurisdictions } from '@appeals/appeal-application';
import type { EventStore } from '@appeals/eventstore';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { Catalog } from '@appeals/reference-data';
import { Router } from 'express';
import { createSmsLogChannel, createSmtpChannel, type NotifierChannel, type SmsLog } from './channels';
import type { NotificationSettings } from './env';
import type { NoticeContext } from './notices';
import { startNotifier } from './notifier';

export interface NotificationsServiceDeps {
  store: EventStore;
  bus: Bus;
  vault: PersonalDataVault;
  catalog: Catalog;
  jurisdictions: Jurisdictions;
  clock: () => Date;
  settings: NotificationSettings;
  /** where the logging SMS channel writes (a pino logger) */
  logger: SmsLog;
  /** the channels to send through instead of those the settings make (tests) */
  channels?: NotifierChannel[];
}

/** The channels the settings turn on: e-mail with an SMTP server, SMS (logging adapter) unless off. */
export function channelsOf(settings: NotificationSettings, logger: SmsLog): NotifierChannel[] {
  return [
    ...(settings.smtp ? [createSmtpChannel(settings.smtp)] : []),
    ...(settings.sms === 'log' ? [createSmsLogChannel(logger)] : []),
  ];
}

/** Agency names, local dates and case links as the applicant reads them. */
export function noticeContext(
  deps: Pick<NotificationsServiceDeps, 'catalog' | 'jurisdictions' | 'settings'>,
): NoticeContext {
  return {
    agencyName: (agencyId, language) => deps.catalog.agency(agencyId)?.name[language] ?? agencyId,
    localDate: (instant, profileId) => toLocalDate(new Date(instant), deps.jurisdictions.profile(profileId)),
    caseUrl: (appealId) => `${deps.settings.publicUrl}/appeals/${appealId}`,
  };
}

/** The notifications' composition root: no routes, one consumer (group `notifications`). */
export function createNotificationsService(deps: NotificationsServiceDeps) {
  const channels = deps.channels ?? channelsOf(deps.settings, deps.logger);
  let consumer: Consumer | undefined;
  return {
    name: 'notifications' as const,
    router: Router(),
    channels,
    async start() {
      consumer = await startNotifier({
        ...deps,
        channels,
        context: noticeContext(deps),
        retryBackoffMs: deps.settings.retryBackoffMs,
      });
    },
    async stop() {
      await consumer?.stop();
      for (const channel of channels) await channel.close();
    },
  };
}
