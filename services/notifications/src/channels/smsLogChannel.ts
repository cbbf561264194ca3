import type { NotifierChannel } from './port';

/** A phone number with all but its last two digits hidden: `+7*********21`. */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  return `${phone.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`;
};

/** Where the logging SMS channel writes: a pino-like logger's info. */
export interface SmsLog {
  info(details: Record<string, unknown>, message: string): void;
}

/**
 * The SMS channel as a logging adapter, until an SMS gateway is contracted: it logs that an SMS would go to a
 * masked number, with the notice's template and length — never the number or the text.
 */
export function createSmsLogChannel(log: SmsLog): NotifierChannel {
  return {
    name: 'sms',
    addressOf: (contact) => contact.phone,
    async send(notice) {
      log.info(
        {
          channel: 'sms',
          to: maskPhone(notice.to),
          template: notice.template,
          length: notice.rendered.sms.length,
        },
        'SMS notice (logging adapter: not sent)',
      );
    },
    async close() {},
  };
}
