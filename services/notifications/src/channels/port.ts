import type { NotificationChannel } from '@appeals/contracts';
import type { RenderedNotice } from '../messages';
import type { Language } from '../notices';

/** How the applicant can be reached, as opened from their sealed personal data for one send (never stored). */
export interface Contact {
  email?: string | undefined;
  phone?: string | undefined;
}

/** One notice on its way through one channel. */
export interface OutgoingNotice {
  /** the address on this channel (an e-mail address, a phone number): in memory only, never logged or recorded */
  to: string;
  language: Language;
  rendered: RenderedNotice;
  /** stable per appeal event and channel: a resend after a crash carries the same id (the e-mail's Message-ID) */
  messageId: string;
  /** the notice, for logs: no personal data */
  template: string;
}

/**
 * A channel a notice reaches the applicant through: it picks its address from the contact and sends. `send`
 * resolves when the channel took the message (the SMTP server accepted it) and throws when it did not; the error's
 * class ({@link errorClassOf}) decides whether a retry may help.
 *
 * @example
 * const address = channel.addressOf({ email: 'a@example.kz' });
 * if (address) await channel.send({ to: address, language: 'ru', rendered, messageId, template: 'answer_sent' });
 */
export interface NotifierChannel {
  name: NotificationChannel;
  addressOf(contact: Contact): string | undefined;
  send(notice: OutgoingNotice): Promise<void>;
  close(): Promise<void>;
}

/** The class of a send failure, recorded instead of its text (an SMTP reply may quote the address). */
export type ErrorClass = 'connection' | 'timeout' | 'deferred' | 'rejected' | 'unknown';

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EHOSTUNREACH',
]);

/**
 * The class of a channel's error: an SMTP reply 5xx is `rejected` (a retry will not help), 4xx `deferred`; a
 * connection that failed or timed out is `connection` / `timeout`; anything else `unknown`.
 */
export function errorClassOf(error: unknown): ErrorClass {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 500) return 'rejected';
  if (typeof responseCode === 'number' && responseCode >= 400) return 'deferred';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection';
  return 'unknown';
}

/** Whether another try may succeed after an error of this class. */
export const retryable = (errorClass: ErrorClass): boolean => errorClass !== 'rejected';
