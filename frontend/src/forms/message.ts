import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { makeFormat } from '../i18n/format';
import type { Message } from './problems';

/** Bidi isolates: a quoted Arabic note stays whole in an English sentence, and the reverse. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A form message in the reader's language. Text quoted from what the user wrote goes into
 * {{quotes}}, each quote in the language's quotation marks; numbers and dates the rule names
 * are written as the language writes them (a year keeps its digits ungrouped). */
export function messageText(t: TFunction, m: Message): string {
  const values: Record<string, string> = { ...(m.values ?? {}) };
  if (m.quotes) values.quotes = m.quotes.map((text) => t('forms.quote', { text: isolate(text) })).join(t('forms.quoteSeparator'));
  if (m.numbers || m.dates) {
    const f = makeFormat(i18n.language);
    for (const [k, v] of Object.entries(m.numbers ?? {})) {
      const n = Number(v);
      values[k] = Number.isFinite(n) ? f.integer(n) : v;
    }
    for (const [k, v] of Object.entries(m.dates ?? {})) values[k] = f.date(v);
  }
  return t(m.key, values);
}
