/** Statistics periods are whole calendar months (the API answers 422 otherwise), and only
 * the standard ones: a month, a calendar quarter, half-year or year, or 12 months in a row,
 * ending with a month that has closed. National figures are reported that way, and periods
 * to the day or arbitrary runs of months would let overlapping answers be set against each
 * other. The dashboard therefore works in months ("YYYY-MM", the value of an
 * <input type="month">) and turns them into the first and last day only when it calls the
 * API. */

export type Month = string; // "YYYY-MM"

export interface MonthPeriod {
  from: Month;
  to: Month;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

function parts(m: Month): [number, number] {
  const x = MONTH.exec(m);
  if (!x) throw new Error(`not a month: ${m}`);
  return [Number(x[1]), Number(x[2])];
}

function monthOf(year: number, month: number): Month {
  // month may run outside 1–12; normalise through a month count
  const n = year * 12 + (month - 1);
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(m: Month, n: number): Month {
  const [y, mo] = parts(m);
  return monthOf(y, mo + n);
}

/** The first day of the month, as the API's `from`. */
export function firstDay(m: Month): string {
  return `${m}-01`;
}

/** The last day of the month, as the API's `to` (leap years included). */
export function lastDay(m: Month): string {
  const [y, mo] = parts(m);
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // day 0 of the next month
  return `${m}-${String(days).padStart(2, '0')}`;
}

/** The API's from/to for a period of months. */
export function toDates(p: MonthPeriod): { from: string; to: string } {
  return { from: firstDay(p.from), to: lastDay(p.to) };
}

/** The month before the one `now` falls in (in the user's time zone): the last complete one,
 * and the latest a period may end with until the API has said which month it serves. */
export function lastCompleteMonth(now: Date): Month {
  return monthOf(now.getFullYear(), now.getMonth()); // getMonth() is 0-based: the month before
}

export type Preset = 'last12' | 'lastMonth' | 'lastQuarter' | 'lastYear';

/** The quick choices, all ending no later than `latest`, the latest month served (months
 * are served once closed, a few days after they end); `last12` is also the default, the
 * period the API uses without dates. Each is one of the periods the API serves: 12 months in
 * a row, a month, a calendar quarter, a calendar year. */
export function presets(latest: Month): Record<Preset, MonthPeriod> {
  const [y, m] = parts(latest);
  // the quarter ending at or before the latest month, and the year likewise
  const qEnd = monthOf(y, m - (m % 3));
  const year = m === 12 ? y : y - 1;
  return {
    last12: { from: addMonths(latest, -11), to: latest },
    lastMonth: { from: latest, to: latest },
    lastQuarter: { from: addMonths(qEnd, -2), to: qEnd },
    lastYear: { from: monthOf(year, 1), to: monthOf(year, 12) },
  };
}

/** "March 2025", in the given language. */
export function monthName(m: Month, lang: string): string {
  const [y, mo] = parts(m);
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
}
