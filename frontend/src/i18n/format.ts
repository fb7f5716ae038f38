import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The locale Intl formats with for each interface language. */
export function localeOf(lng: string): string {
  switch (lng) {
    case 'fr':
      return 'fr-FR';
    case 'ar':
      return 'ar';
    default:
      return 'en-GB';
  }
}

export interface Format {
  locale: string;
  /** A calendar date ("2026-03-10", or the date part of a time) as the language writes it. */
  date(iso: string | null | undefined): string;
  /** A moment, in the reader's time zone. */
  dateTime(iso: string | null | undefined): string;
  /** A month ("2026-03" or a date in it): "March 2026". */
  month(iso: string): string;
  /** A short month, for chart axes. */
  shortMonth(iso: string): string;
  number(n: number | null | undefined, digits?: number): string;
  /** A whole number without grouping, as a year or a bound in a rule is written ("2016", not "2,016"). */
  integer(n: number): string;
  percent(ratio: number): string;
}

const DASH = '—';

/** Formatters for dates and numbers in the interface language (Intl, never hand-made).
 * Calendar dates carry no time zone: they are read and written as UTC days, so a date never
 * shifts by a day east or west of Greenwich. */
export function makeFormat(lng: string): Format {
  const locale = localeOf(lng);
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const numbers = new Map<number, Intl.NumberFormat>();
  const num = (digits: number) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f;
  };
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: false });
  const asDay = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return {
    locale,
    date: (iso) => {
      if (!iso) return DASH;
      const d = asDay(iso);
      return Number.isNaN(d.getTime()) ? iso : day.format(d);
    },
    dateTime: (iso) => {
      if (!iso) return DASH;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : moment.format(d);
    },
    month: (iso) => {
      const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : monthLong.format(d);
    },
    shortMonth: (iso) => {
      const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : monthShort.format(d);
    },
    number: (n, digits = 1) => (n == null || Number.isNaN(n) ? DASH : num(digits).format(n)),
    percent: (r) => pct.format(r),
    integer: (n) => whole.format(n),
  };
}

/** makeFormat for the current interface language, kept across renders. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => makeFormat(lng), [lng]);
}
