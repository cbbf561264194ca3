import type { NoticeTemplate } from '@appeals/contracts';

/**
 * One notice in one language, as data: the e-mail's subject and body lines, and the SMS. `{{name}}` stands for a
 * value of the notice; a line naming a value the notice does not have is left out (the tracking code of an appeal
 * filed before notices carried it, the new deadline of a forward that set none).
 */
export interface MessageTemplate {
  subject: string;
  body: readonly string[];
  /** the SMS, in parts joined by spaces (a part naming a missing value is left out too) */
  sms: readonly string[];
}

/** Every notice in one language, with how that language writes a date and ends a message. */
export interface MessageCatalog {
  /** `DD`, `MM` and `YYYY` stand for the day, the month and the year */
  datePattern: string;
  greeting: string;
  footer: readonly string[];
  templates: Readonly<Record<NoticeTemplate, MessageTemplate>>;
}
