import type { TFunction } from 'i18next';
import type { Message } from './problems';

/** Bidi isolates: a quoted Arabic note stays whole in an English sentence, and the reverse. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A form message in the reader's language. Text quoted from what the user wrote goes into
 * {{quotes}}, each quote in the language's quotation marks. */
export function messageText(t: TFunction, m: Message): string {
  const values: Record<string, string> = { ...(m.values ?? {}) };
  if (m.quotes) values.quotes = m.quotes.map((text) => t('forms.quote', { text: isolate(text) })).join(t('forms.quoteSeparator'));
  return t(m.key, values);
}
