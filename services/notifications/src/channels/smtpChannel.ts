import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../env';
import type { NotifierChannel } from './port';

/** How long the SMTP client waits (ms): short, since a send holds its partition of the bus while it retries. */
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 8_000 };

/**
 * The e-mail channel: plain-text messages in the appeal's language through an SMTP server (nodemailer), with a
 * `Content-Language` header and a Message-ID stable per appeal event, so a resend after a crash is recognisable.
 */
export function createSmtpChannel(settings: SmtpSettings): NotifierChannel {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: settings.auth } : {}),
    ...TIMEOUTS,
  });
  return {
    name: 'email',
    addressOf: (contact) => contact.email,
    async send(notice) {
      await transport.sendMail({
        from: settings.from,
        to: notice.to,
        subject: notice.rendered.subject,
        text: notice.rendered.text,
        messageId: `<${notice.messageId}@appeals.notifications>`,
        headers: { 'Content-Language': notice.language },
      });
    },
    async close() {
      transport.close();
    },
  };
}
