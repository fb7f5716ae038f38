import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { Field } from '../forms/Field';
import { ruleMessage, type Message } from '../forms/problems';
import { isMonth, monthName, presets, type Month, type MonthPeriod, type Preset } from './months';

export interface PeriodErrors {
  from?: Message;
  to?: Message;
}

const REASONS: Record<string, string> = {
  not_month_start: 'statistics.errors.notMonthStart',
  not_month_end: 'statistics.errors.notMonthEnd',
  before_from: 'statistics.errors.beforeFrom',
  too_long: 'statistics.errors.tooLong',
  not_standard_period: 'statistics.errors.notStandard',
};

/** The API's 422 about the period, as messages for the month inputs; null for any other
 * failure. `latest` (the latest month served) goes into the message for a month not yet
 * served. */
export function periodErrors(err: unknown, latest = ''): PeriodErrors | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  const out: PeriodErrors = {};
  for (const fe of err.fieldErrors) {
    if ((fe.field === 'from' || fe.field === 'to') && !out[fe.field]) {
      if (fe.reason === 'not_closed' && latest) out[fe.field] = { key: 'statistics.errors.notClosed', values: { latest } };
      else out[fe.field] = REASONS[fe.reason] ? { key: REASONS[fe.reason]! } : ruleMessage(fe);
    }
  }
  return out.from || out.to ? out : null;
}

/** What the inputs hold but the API cannot be asked: an empty or unreadable month (browsers
 * without a month picker show a text box). */
export function localErrors(p: MonthPeriod): PeriodErrors {
  const bad = { key: 'statistics.errors.month' };
  return { ...(isMonth(p.from) ? {} : { from: bad }), ...(isMonth(p.to) ? {} : { to: bad }) };
}

/** "January 2025 to December 2025" (or one month), in the current language. */
export function usePeriodLabel(p: MonthPeriod): string {
  const { t, i18n } = useTranslation();
  if (!isMonth(p.from) || !isMonth(p.to)) return '';
  const lang = i18n.language || 'en';
  if (p.from === p.to) return monthName(p.from, lang);
  return t('statistics.period', { from: monthName(p.from, lang), to: monthName(p.to, lang) });
}

/** The period of the figures: a first and a last month (no later than `latest`, the latest
 * month served), quick choices, and why these periods. */
export function PeriodFields({
  value,
  onChange,
  errors,
  latest,
}: {
  value: MonthPeriod;
  onChange: (p: MonthPeriod) => void;
  errors: PeriodErrors;
  latest: Month;
}) {
  const { t } = useTranslation();
  const whyId = useId();
  const quickId = useId();
  const choices = presets(latest);
  return (
    <>
      {(['from', 'to'] as const).map((end) => (
        <Field key={end} label={t(end === 'from' ? 'statistics.fromMonth' : 'statistics.toMonth')} error={errors[end]}>
          {(p) => (
            <input
              {...p}
              aria-describedby={[whyId, p['aria-describedby']].filter(Boolean).join(' ')}
              type="month"
              className="input input--date"
              placeholder="YYYY-MM"
              max={latest}
              value={value[end]}
              onChange={(e) => onChange({ ...value, [end]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <div role="group" aria-labelledby={quickId} className="period-quick">
        <span id={quickId} className="period-quick__label">
          {t('statistics.quick')}
        </span>
        <div className="actions">
          {(['last12', 'lastMonth', 'lastQuarter', 'lastYear'] as Preset[]).map((k) => {
            const on = choices[k].from === value.from && choices[k].to === value.to;
            return (
              <button key={k} type="button" className="button button--small" aria-pressed={on} onClick={() => onChange(choices[k])}>
                {t(`statistics.quickChoice.${k}`)}
              </button>
            );
          })}
        </div>
      </div>
      <p id={whyId} className="muted period-why">
        {t('statistics.wholeMonths')}
      </p>
    </>
  );
}
