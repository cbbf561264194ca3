import type { NoticeTemplate } from '@appeals/contracts';
import type { MessageCatalog } from './catalog';
import { en } from './en';
import { kk } from './kk';
import { ru } from './ru';

export type { MessageCatalog, MessageTemplate } from './catalog';

/** The message catalogs, one per language an appeal can be written in. */
export const CATALOGS: Readonly<Record<'kk' | 'ru' | 'en', MessageCatalog>> = { kk, ru, en };

/** A notice written out: the e-mail's subject and plain-text body, and the SMS. */
export interface RenderedNotice {
  subject: string;
  text: string;
  sms: string;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local date (YYYY-MM-DD) as the catalog writes dates; any other value unchanged. */
const shown = (value: string, pattern: string): string => {
  const date = LOCAL_DATE.exec(value);
  if (!date) return value;
  const [, year, month, day] = date;
  return pattern.replace('YYYY', year!).replace('MM', month!).replace('DD', day!);
};

/** The line with its values filled in, or undefined when it names a value `params` lacks. */
function fill(line: string, params: Readonly<Record<string, string | undefined>>, datePattern: string) {
  const names = [...line.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  if (names.some((name) => params[name] === undefined)) return undefined;
  return line.replace(PLACEHOLDER, (_whole, name: string) => shown(params[name]!, datePattern));
}

/**
 * Writes a notice out in a language from its catalog: placeholders filled (local dates in the language's form), the
 * lines naming a value the notice lacks left out. Throws on a line the catalog lacks values for entirely — the
 * subject must always be whole.
 */
export function renderNotice(
  language: keyof typeof CATALOGS,
  template: NoticeTemplate,
  params: Readonly<Record<string, string | undefined>>,
): RenderedNotice {
  const catalog = CATALOGS[language];
  const message = catalog.templates[template];
  const lines = (list: readonly string[]) =>
    list.map((line) => fill(line, params, catalog.datePattern)).filter((line) => line !== undefined);
  const subject = fill(message.subject, params, catalog.datePattern);
  if (subject === undefined) throw new Error(`notice ${template}: the subject lacks a value`);
  const text = [catalog.greeting, '', ...lines(message.body), '', ...lines(catalog.footer)].join('\n');
  return { subject, text: `${text}\n`, sms: lines(message.sms).join(' ') };
}
