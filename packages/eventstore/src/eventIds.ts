import { createHash } from 'node:crypto';

/**
 * An event id (a UUID, version 5 layout) derived from what the event is: the same identity always gives the same
 * id, so appending that event again (a redelivery, a second replica, a re-run) is a no-op of the event store.
 *
 * @example
 * nameBasedEventId('NotificationSent', sourceEventId, 'email', 1);
 */
export function nameBasedEventId(...identity: Array<string | number>): string {
  const hex = createHash('sha256').update(identity.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
