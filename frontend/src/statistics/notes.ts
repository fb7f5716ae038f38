import type { TFunction } from 'i18next';
import type { Indicator, Statistic } from '../api/types';
import { makeFormat } from '../i18n/format';
import { dimensionName } from '../i18n/labels';

/**
 * How an answer's figures were protected, in the interface language. The API sends these
 * notes as English sentences (domain.StatNotes); they follow from the indicator's measure,
 * the answer's dimensions and the rules in force, all of which the answer carries, so they
 * are written here from those facts rather than shown in English. Kept in step with
 * domain.StatNotes (statistics/notes.test.ts pins the cases).
 */
export function statNotes(t: TFunction, lng: string, indicator: Indicator, st: Statistic): string[] {
  const f = makeFormat(lng);
  const n = (x: number) => f.integer(x);
  // Counts before a counted noun go in as plain digits: the dictionaries put them through the
  // plural rules of the language (counted.*), which read them as numbers.
  const count = (x: number) => String(x);
  const people = st.min_people;
  const out = [
    t('catalogue.statNote.perturbed', { small: n(st.threshold - 1), threshold: n(st.threshold) }),
    t('catalogue.statNote.publishedOnce'),
  ];
  const additive = st.measure === 'count' || st.measure === 'sum';
  if (st.dimensions.length > 0 && additive) out.push(t('catalogue.statNote.totals'));
  if (st.measure === 'sum') out.push(t('catalogue.statNote.sum'));
  if (st.measure === 'rate') out.push(t('catalogue.statNote.rate', { people: count(people), twice: n(2 * people) }));
  if (st.measure === 'median') out.push(t('catalogue.statNote.median', { people: count(people) }));
  // A dimension whose codes a person can hold several of has no total code in the answer.
  for (const d of st.dimensions)
    if (!d.codes.some((c) => c.code === '_T')) out.push(t('catalogue.statNote.multiValued', { dimension: dimensionName(t, d.id) }));
  if (indicator.id.startsWith('release_') && st.measure === 'rate') out.push(t('catalogue.statNote.perRelease', { people: count(people) }));
  if (indicator.follow_up) {
    const months = /_(\d+)m$/.exec(indicator.id)?.[1];
    out.push(
      indicator.follow_up === 'period' || !months
        ? t('catalogue.statNote.followUpPeriod')
        : t('catalogue.statNote.followUpWindow', { months: count(Number(months)) }),
    );
  }
  return out;
}
