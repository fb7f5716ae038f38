import type { FormFailure } from './problems';

const DIGIT = /\p{Nd}/u;

/** The value (0–9) of a decimal digit of any script. Unicode encodes every set of decimal
 * digits as ten consecutive code points from zero, and some sets follow each other directly
 * (the mathematical digits), so the value is the distance from the start of the run of digits,
 * modulo ten. */
function digitValue(cp: number): number {
  let start = cp;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** The text with every decimal digit of any script (Arabic-Indic ٤٥, Persian ۴۵, Devanagari …)
 * written as an ASCII digit; everything else is left as typed, so a form can say what is wrong
 * with it rather than drop it. */
export function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => (d >= '0' && d <= '9' ? d : String(digitValue(d.codePointAt(0)!))));
}

/** A whole number typed in digits of any script, surrounding spaces allowed; null when the text
 * is not one ("forty", "4.5", "45 min"); undefined when it is empty. */
export function wholeNumber(s: string): number | null | undefined {
  const t = asciiDigits(s).trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** A form's failure for one field that is not a number, shown like the server's problems. */
export function notANumber(path: string): FormFailure {
  return {
    status: 422,
    fields: { [path]: { key: 'forms.errors.notANumber', path } },
    identifiers: [],
    findings: {},
    reasons: {},
    form: { key: 'forms.errors.summary' },
  };
}
